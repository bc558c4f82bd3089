/**
 * Last line of defence for secrets: every log line and every error message
 * that leaves the core passes through here, and any password this process has
 * handled is replaced. Passwords are also never put into messages to begin with.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  remember(secret: string): void {
    // Very short secrets would blank out ordinary words; they are still never logged on purpose.
    if (secret.length >= 4) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join('******');
    return out;
  }
}
