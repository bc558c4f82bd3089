/**
 * Last line of defence for secrets: every log line and every error message
 * that leaves the core passes through here, and any password this process has
 * handled is replaced. Passwords are also never put into messages to begin with.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  remember(secret: string): void {
    // Very short secrets would blank out ordinary words; they are still never logged on purpose.
    if (secret.length < 4) return;
    this.secrets.add(secret);
    // The same secret as it appears inside JSON text.
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) this.secrets.add(escaped);
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so that a secret containing a shorter one is hidden whole.
    const ordered = [...this.secrets].sort((a, b) => b.length - a.length);
    for (const secret of ordered) if (out.includes(secret)) out = out.split(secret).join('******');
    return out;
  }
}
