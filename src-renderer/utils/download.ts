import type { FileOut } from '../../src-shared/contract/ipc';

/**
 * Saves a file the way both Chromium and Electron accept: a Blob URL behind a
 * temporary <a download>. The URL is revoked after the click has been handled
 * so that large files are not kept in memory.
 */
function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves text as a file. */
export function downloadText(fileName: string, content: string, mime = 'text/plain;charset=utf-8'): void {
  saveBlob(fileName, new Blob([content], { type: mime }));
}

/** Saves a file the host made: its text, or its bytes when it came as base64 (a ZIP archive). */
export function downloadFile(file: FileOut): void {
  const mime = mimeFor(file.fileName);
  if (file.encoding !== 'base64') return downloadText(file.fileName, file.content, mime);
  const binary = atob(file.content);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  saveBlob(file.fileName, new Blob([bytes], { type: mime }));
}

/** A MIME type from the file name the host chose, so the OS opens it with the right program. */
export function mimeFor(fileName: string): string {
  if (fileName.endsWith('.json')) return 'application/json;charset=utf-8';
  if (fileName.endsWith('.csv')) return 'text/csv;charset=utf-8';
  if (fileName.endsWith('.zip')) return 'application/zip';
  return 'text/plain;charset=utf-8';
}
