import t from 'tap'
import { Type } from 'typebox'
import { Components, withReferences, withSharedExamples } from '../../src/openapi-components.js'
import { formatJson } from '../../src/openapi-document.js'
import { withoutIds } from '../../src/validation/ajv.js'

const Leaf = Type.Object({ a: Type.String() }, { $id: 'Leaf', description: 'a leaf' })
const Tree = Type.Object({ leaf: Leaf, leaves: Type.Array(Leaf), other: { ...Leaf, description: 'its own' } }, {
  $id: 'Tree',
})

t.test('a component is its $id, listed once', async (t) => {
  t.throws(() => new Components([Type.String()]), /A component needs an \$id/)
  t.throws(() => new Components([Leaf, { ...Leaf }]), /Two components are named Leaf/)
  const components = new Components([Tree, Leaf])
  t.same(components.names, ['Tree', 'Leaf'])
  t.same(components.shared()[0], {
    type: 'object',
    required: ['leaf', 'leaves', 'other'],
    properties: {
      leaf: { 'x-component': 'Leaf' },
      leaves: { type: 'array', items: { 'x-component': 'Leaf' } },
      other: { 'x-component': 'Leaf', description: 'its own' },
    },
    $id: 'Tree',
  }, 'its own components as markers; a use keeps only the annotations it changes')
})

t.test('a route may use a name for its component only', async (t) => {
  const components = new Components([Leaf])
  t.doesNotThrow(() => components.check({ body: { ...Leaf, description: 'another description' } }, 'POST /x'))
  t.throws(() => components.check({ body: Tree }, 'POST /x'), /POST \/x: the schema named Tree is not listed/)
  t.throws(
    () => components.check({ body: { ...Leaf, required: [] } }, 'POST /x'),
    /POST \/x: a schema named Leaf differs from the component Leaf/,
  )
  t.doesNotThrow(() => components.check({ response: { 200: { examples: [{ $id: 'Data, not a schema' }] } } }, 'GET /y'))
})

t.test('a route schema: its parts and responses in every form, with markers', async (t) => {
  const components = new Components([Leaf])
  const route = components.route({
    operationId: 'x',
    body: Leaf,
    querystring: Type.Object({ q: Type.String() }),
    response: {
      200: { ...Leaf, description: 'the leaf' },
      204: { description: 'nothing' },
      400: { description: 'bad', content: { 'application/json': { schema: Leaf, example: { a: 'b' } }, 'text/plain': 'x' } },
    },
  })
  t.same(route, {
    operationId: 'x',
    body: { 'x-component': 'Leaf' },
    querystring: { type: 'object', required: ['q'], properties: { q: { type: 'string' } } },
    response: {
      200: { 'x-component': 'Leaf', description: 'the leaf' },
      204: { description: 'nothing' },
      400: {
        description: 'bad',
        content: { 'application/json': { schema: { 'x-component': 'Leaf' }, example: { a: 'b' } }, 'text/plain': 'x' },
      },
    },
  })
  t.same(components.route({ response: 'not an object' as never }), { response: 'not an object' })
})

t.test('the finished document: markers become $ref, examples are shared', async (t) => {
  t.same(withReferences({ a: [{ description: 'd', 'x-component': 'Leaf' }], example: { 'x-component': 'data' } }), {
    a: [{ $ref: '#/components/schemas/Leaf', description: 'd' }],
    example: { 'x-component': 'data' },
  })
  const media = () => ({ schema: {}, example: { same: true } })
  const document = withSharedExamples({
    paths: {
      '/a': {
        get: { operationId: 'getA', responses: { 200: { content: { 'application/json': media() } }, 204: {} } },
        post: {
          operationId: 'postA',
          requestBody: { content: { 'application/json': media(), 'text/csv': { schema: {} } } },
          responses: { 200: { content: { 'application/json': { schema: {}, example: 2 } } } },
        },
      },
    },
    components: { schemas: {} },
  })
  t.same(document.components, {
    schemas: {},
    examples: { 'getA.200': { value: { same: true } }, 'postA.200': { value: 2 } },
  })
  t.same(document.paths['/a']!.post!.requestBody, {
    content: {
      'application/json': { schema: {}, examples: { 'getA.200': { $ref: '#/components/examples/getA.200' } } },
      'text/csv': { schema: {} },
    },
  }, 'an example used twice is written once')
  t.same(withSharedExamples({}), { components: { examples: {} } })
})

t.test('the committed format: short values on one line, flat ones always', async (t) => {
  const long = 'x'.repeat(130)
  t.equal(formatJson({ a: [1, 2], b: { c: long } }), `{\n  "a": [1,2],\n  "b": {\n    "c": "${long}"\n  }\n}`)
  t.equal(formatJson([{ c: long }], '', (path) => path.join('/') === '0'), `[\n  {"c":"${long}"}\n]`)
})

t.test('the validator sees no $id, and shared parts stay shared', async (t) => {
  const stripped = withoutIds(Tree)
  t.notOk('$id' in stripped)
  t.notOk('$id' in stripped.properties.leaf)
  t.equal(stripped.properties.leaf, withoutIds(Leaf), 'one copy per object')
  t.equal(withoutIds(stripped), stripped)
  const plain = Type.Object({ a: Type.Array(Type.String()) })
  t.equal(withoutIds(plain), plain, 'nothing to strip: the same object')
})
