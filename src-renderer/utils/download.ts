/**
 * Saves text as a file the way both Chromium and Electron accept: a Blob URL
 * behind a temporary <a download>. The URL is revoked after the click has been
 * handled so that large files are not kept in memory.
 */
export function downloadText(fileName: string, content: string, mime = 'text/plain;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A MIME type from the file name the host chose, so the OS opens it with the right program. */
export function mimeFor(fileName: string): string {
  if (fileName.endsWith('.json')) return 'application/json;charset=utf-8';
  if (fileName.endsWith('.csv')) return 'text/csv;charset=utf-8';
  return 'text/plain;charset=utf-8';
}
