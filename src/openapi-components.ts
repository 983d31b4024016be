/**
 * Named components of the OpenAPI document. A TypeBox schema that carries an `$id` (`{ $id:
 * 'Rubric' }`) is a component: the schemas keep embedding one another, as validation and the
 * TypeScript types need, and the document names each one `#/components/schemas/<$id>` and refers to
 * it wherever it appears. Each is registered as a Fastify shared schema (`addSchema`), which
 * @fastify/swagger writes under components.schemas; the route schemas and the components refer to
 * one another with a marker that @fastify/swagger passes through, turned into `$ref` at the end
 * (it would drop a `$ref`'s siblings, and a use may describe the component in its own words).
 */

const MARKER = 'x-component'

/** Keywords that describe a use of a schema without changing what it accepts. */
const ANNOTATIONS = new Set(['description', 'examples', 'example', 'title', 'default', 'deprecated'])

/** Keywords whose values are data, never schemas: a walk does not look for `$id`s in them. */
const DATA = new Set(['examples', 'example', 'default', 'const', 'enum'])

type Node = Record<string, unknown>

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null

const idOf = (value: unknown): string | undefined =>
  isNode(value) && typeof value.$id === 'string' ? value.$id : undefined

/** The schema without its own annotations: what two uses of a component must agree on. */
function constraints(schema: Node): string {
  return JSON.stringify(Object.fromEntries(Object.entries(schema).filter(([key]) => !ANNOTATIONS.has(key))))
}

/**
 * The named schemas: each as @fastify/swagger is to write it under components.schemas (its own
 * components as markers), and a check that a route uses each name for that schema alone.
 */
export class Components {
  readonly #schemas = new Map<string, Node>()

  /** `schemas`: every schema with an `$id`, the form each name stands for (its annotations too). */
  constructor(schemas: readonly unknown[]) {
    for (const schema of schemas) {
      const id = idOf(schema)
      if (id === undefined) throw new Error('A component needs an $id: its name in the OpenAPI document')
      if (this.#schemas.has(id)) throw new Error(`Two components are named ${id}`)
      this.#schemas.set(id, schema as Node)
    }
  }

  /** The names, in the order given. */
  get names(): string[] {
    return [...this.#schemas.keys()]
  }

  /** Each component as a Fastify shared schema: its `$id` and its own components as markers. */
  shared(): Node[] {
    return [...this.#schemas].map(([id, schema]) => ({ ...(this.#referenced(schema, false) as Node), $id: id }))
  }

  /**
   * The route schema as @fastify/swagger is to read it: its body, query, parameters and responses
   * with their components as markers.
   */
  route<T extends Node>(schema: T): T {
    const parts = ['body', 'querystring', 'params', 'headers', 'response'].filter((key) => key in schema)
    return { ...schema, ...Object.fromEntries(parts.map((key) => [key, this.#part(key, schema[key])])) }
  }

  #part(key: string, part: unknown): unknown {
    if (key !== 'response' || !isNode(part)) return this.#referenced(part)
    // A response is a schema, or a description with a schema per media type.
    return Object.fromEntries(Object.entries(part).map(([status, response]) => [status, this.#response(response)]))
  }

  #response(response: unknown): unknown {
    if (!isNode(response) || !isNode(response.content) || idOf(response) !== undefined) {
      return this.#referenced(response)
    }
    const content = Object.entries(response.content).map(([type, media]) => [
      type,
      isNode(media) ? { ...media, schema: this.#referenced(media.schema) } : media,
    ])
    return { ...response, content: Object.fromEntries(content) }
  }

  /**
   * A copy of a schema with each component in it (the schema itself too, when `top`) replaced by
   * its marker and the annotations this use gives it in its own words.
   */
  #referenced(schema: unknown, top = true): unknown {
    if (Array.isArray(schema)) return schema.map((item) => this.#referenced(item))
    if (!isNode(schema)) return schema
    const id = idOf(schema)
    if (id !== undefined && top) {
      const known = this.#schemas.get(id)
      const own = Object.entries(schema).filter(([key, value]) => ANNOTATIONS.has(key) && value !== known?.[key])
      return { [MARKER]: id, ...Object.fromEntries(own) }
    }
    return Object.fromEntries(
      Object.entries(schema)
        .filter(([key]) => key !== '$id')
        .map(([key, value]) => [key, DATA.has(key) ? value : this.#referenced(value)]),
    )
  }

  /**
   * Throws unless every schema with an `$id` in `schema` (a route's body, response, …) is the
   * component of that name, annotations aside: a name is a client's type, and means one shape.
   */
  check(schema: unknown, where: string): void {
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit)
      if (!isNode(node)) return
      const id = idOf(node)
      if (id !== undefined) {
        const known = this.#schemas.get(id)
        if (!known) throw new Error(`${where}: the schema named ${id} is not listed in schemas/components.ts`)
        if (constraints(known) !== constraints(node)) {
          throw new Error(`${where}: a schema named ${id} differs from the component ${id}: give it another $id`)
        }
      }
      for (const [key, value] of Object.entries(node)) if (!DATA.has(key)) visit(value)
    }
    visit(schema)
  }
}

/** The finished document with every marker turned into a `$ref` to its component. */
export function withReferences<T>(document: T): T {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit)
    if (!isNode(node)) return node
    const entries = Object.entries(node).map(([key, value]): [string, unknown] =>
      key === MARKER ? ['$ref', `#/components/schemas/${String(value)}`] : [key, DATA.has(key) ? value : visit(value)],
    )
    // `$ref` first, as people and generators read it.
    return Object.fromEntries(entries.sort(([a], [b]) => Number(b === '$ref') - Number(a === '$ref')))
  }
  return visit(document) as T
}

type Document = { paths?: Record<string, Record<string, Node>>; components?: Node }

/**
 * The finished document with each operation's examples under components.examples, named
 * `<operationId>.<request or status>`, and referred to from where they were: an example used twice
 * (the built-in rubric, as the answer of getRubric and the body of validateRubric) is written once,
 * and the large examples sit at the top of the document's indentation instead of deep in it.
 */
export function withSharedExamples<T extends Document>(document: T): T {
  const examples: Record<string, { value: unknown }> = {}
  const names = new Map<string, string>()
  const share = (media: unknown, name: string) => {
    if (!isNode(media) || !('example' in media)) return
    const { example, ...rest } = media
    const key = JSON.stringify(example)
    let shared = names.get(key)
    if (shared === undefined) {
      names.set(key, (shared = name))
      examples[name] = { value: example }
    }
    Object.assign(media, { ...rest, examples: { [shared]: { $ref: `#/components/examples/${shared}` } } })
    delete media.example
  }
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item)) {
      const id = String(operation.operationId)
      const body = operation.requestBody as { content?: Record<string, unknown> } | undefined
      for (const media of Object.values(body?.content ?? {})) share(media, `${id}.request`)
      for (const [status, response] of Object.entries(operation.responses as Record<string, Node>)) {
        for (const media of Object.values((response.content ?? {}) as Record<string, unknown>)) {
          share(media, `${id}.${status}`)
        }
      }
    }
  }
  return { ...document, components: { ...document.components, examples } }
}

/** An error code as a component's name: `BODY_TOO_LARGE` → `BodyTooLarge`. */
const pascal = (code: string) =>
  code
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')

/**
 * The finished document with each error response that several operations give alike (401
 * UNAUTHENTICATED, 413, 415, 500, 503, …) written once under components.responses, named by its
 * codes (`Unauthenticated`, `BodyTooLarge`, `ValidationFailedOrMalformedJson`), and referred to
 * from each operation: a generated client then has one type for it instead of one per operation.
 * Responses with an example of their own (a refused request of that operation) stay where they are.
 */
export function withSharedResponses<T extends Document>(document: T): T {
  // @fastify/swagger always writes the paths.
  const operations = Object.values(document.paths!).flatMap((item) => Object.values(item))
  const seen = new Map<string, number>()
  const each = (visit: (responses: Record<string, Node>, status: string, key: string) => void) => {
    for (const operation of operations) {
      const responses = operation.responses as Record<string, Node>
      for (const [status, response] of Object.entries(responses)) {
        if (!status.startsWith('2')) visit(responses, status, JSON.stringify(response))
      }
    }
  }
  each((_, __, key) => seen.set(key, (seen.get(key) ?? 0) + 1))
  const shared: Record<string, Node> = {}
  const names = new Map<string, string>()
  each((responses, status, key) => {
    if (seen.get(key)! < 2) return
    let name = names.get(key)
    if (name === undefined) {
      const codes = [...String(responses[status]!.description).matchAll(/`([A-Z_]+)`/g)].map(([, code]) => code!)
      name = codes.map(pascal).join('Or')
      // Two different responses with the same codes (which errorResponses never writes) keep their own.
      /* c8 ignore next */
      if (name in shared) return
      names.set(key, name)
      shared[name] = responses[status]!
    }
    responses[status] = { $ref: `#/components/responses/${name}` }
  })
  return { ...document, components: { ...document.components, responses: shared } }
}
