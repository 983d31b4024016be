/** JSON Pointers (RFC 6901): what the engine reads with and what every problem points with. */

/** A key as one token of a JSON Pointer (RFC 6901): "~" as "~0", "/" as "~1". */
export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1')
}

export function splitPointer(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** The value at a pointer, or undefined; own properties only, so no prototype is ever reached. */
export function readPointer(document: unknown, tokens: readonly string[]): unknown {
  let node: unknown = document
  for (const token of tokens) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined
    node = (node as Record<string, unknown>)[token]
  }
  return node
}
