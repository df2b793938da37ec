/** Offers a Blob to the visitor as a download named `name`. */
export function saveFile(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  // Revoked a little later: the download starts asynchronously.
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
