/** @module bench/autocannon — autocannon ships no types; the harness uses only the shape it checks itself. */
declare module 'autocannon' {
  const autocannon: (opts: Record<string, unknown>) => Promise<any>
  export default autocannon
}
