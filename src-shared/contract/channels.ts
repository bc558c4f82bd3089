/** Electron IPC channels: the only two the preload bridges. Kept apart so the preload bundles nothing else. */
export const IPC_INVOKE_CHANNEL = 'cutover:invoke';
export const IPC_EVENT_CHANNEL = 'cutover:event';

/** What the preload exposes on `window.cutover`, and nothing more. */
export interface PreloadBridge {
  invoke(method: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
