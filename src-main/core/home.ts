import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The state directory: `--home DIR`, else `CUTOVER_HOME`, else the OS's
 * application-data directory. The desktop app, `cutover serve` and the CLI all
 * resolve it the same way, so they share one state.
 */
export function resolveHome(explicit?: string | null, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return resolve(explicit);
  if (env.CUTOVER_HOME) return resolve(env.CUTOVER_HOME);
  return defaultHome(env);
}

export function defaultHome(env: NodeJS.ProcessEnv = process.env): string {
  switch (process.platform) {
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Cutover');
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'Cutover');
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Cutover');
  }
}
