/** @module errors — every coded error the plugin throws, built with @fastify/error. */

/*
 * Each constant is a constructor made by `@fastify/error`: `new LC_BAD_TOKEN()` has
 * `.code === 'LC_BAD_TOKEN'` and `.statusCode === 400`. The README's error table lists the same
 * rows with how to fix each one. Messages here go to the server log only; clients get a
 * generic text for the status (core/commands/error-response).
 */

export * from './errors/request.js'
export * from './errors/render.js'
export * from './errors/setup.js'
export * from './errors/push.js'
export * from './errors/state.js'
