/** Saves bytes or text as a file through a Blob URL and a temporary `<a download>` (no server round trip). */
export function downloadFile(data: string | ArrayBuffer | Uint8Array, fileName: string, type: string): void {
  // Our arrays never view a SharedArrayBuffer, which is what the BlobPart type guards against.
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The browser reads the blob after the click returns; revoke once it surely has.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Copies text to the clipboard; false when the browser refuses (no permission, insecure context). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
