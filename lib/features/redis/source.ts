/** @module features/redis/source — what the `redis` option accepts, typed without ioredis (an optional peer dependency, loaded only when the option is set). */

/**
 * An ioredis client your app already has (`new Redis(…)` from `ioredis`): the plugin opens its
 * own connections with `duplicate()` (the push broker and the state store need their own), and
 * closes only those.
 *
 * @example
 * const client: RedisClientLike = new Redis(process.env.REDIS_URL)
 */
export interface RedisClientLike {
  duplicate (options?: any): unknown
}

/**
 * A `redis://` (or `rediss://`) URL, or an ioredis client your app owns. Either needs the
 * `ioredis` package installed (`npm install ioredis`); without the `redis` option it is never
 * loaded.
 *
 * @example
 * const redis: RedisSource = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
 */
export type RedisSource = string | RedisClientLike
