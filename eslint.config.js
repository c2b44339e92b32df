// @module eslint.config — neostandard (JavaScript Standard Style for TypeScript), run by `npm test` and `npm run lint`.
import neostandard from 'neostandard'

export default [
  ...neostandard({
    ts: true,
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tap/**', 'bench/results/**', 'example-app/public/**', 'test/*.generated.test.ts', '.pack-test/**']
  }),
  // `void promise` marks a promise deliberately not awaited (a background start, a fire-and-forget close)
  { rules: { 'no-void': ['error', { allowAsStatement: true }] } }
]
