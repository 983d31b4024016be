/**
 * A Content-Disposition value whose file name survives a Chinese department name: an ASCII
 * `filename` for old clients, and the real name as `filename*` (RFC 6266 with RFC 5987 encoding),
 * which every current browser prefers.
 */
export function contentDisposition(
  type: 'attachment' | 'inline',
  asciiName: string,
  name: string,
  extension: string,
): string {
  return `${type}; filename="${asciiName}.${extension}"; filename*=UTF-8''${encodeRfc5987(`${safeFileName(name)}.${extension}`)}`
}

/**
 * A name that is a file name on every system: no path separators, characters Windows forbids,
 * control characters, lone surrogates (which JSON can carry and UTF-8 cannot encode) or leading
 * dots, at most 120 characters (the extension comes after).
 */
export function safeFileName(name: string): string {
  const cleaned = name
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\\/:*?"<>|]+/gu, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
  return [...cleaned].slice(0, 120).join('') || 'evaluation'
}

/** RFC 5987 value-chars: UTF-8, percent-encoded except attr-char. */
function encodeRfc5987(value: string): string {
  // encodeURIComponent leaves ' ( ) * unencoded, which are not attr-chars.
  return encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
}
