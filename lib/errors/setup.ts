/** @module errors/setup — errors at register: components and options. */
import { createError } from '@fastify/error'

/**
 * Two different classes were registered under one component name (thrown at register).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_DUPLICATE_COMPONENT') metrics.count('LC_DUPLICATE_COMPONENT') })
 */
export const LC_DUPLICATE_COMPONENT = createError('LC_DUPLICATE_COMPONENT', 'Component name "%s" is already taken by class %s', 500)
/**
 * A registered class is not a valid LiveComponent (thrown at register).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_INVALID_COMPONENT') metrics.count('LC_INVALID_COMPONENT') })
 */
export const LC_INVALID_COMPONENT = createError('LC_INVALID_COMPONENT', 'Invalid component %s: %s', 500)
/**
 * A plugin option is missing or has the wrong type or range (thrown at register).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_INVALID_OPTION') metrics.count('LC_INVALID_OPTION') })
 */
export const LC_INVALID_OPTION = createError('LC_INVALID_OPTION', 'Invalid option "%s": %s', 500)
/**
 * The plugin's browser client (`dist/assets/live.js`, built by `npm run build`) is missing:
 * a checkout of the repository that was never built (thrown at register).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_CLIENT_MISSING') metrics.count('LC_CLIENT_MISSING') })
 */
export const LC_CLIENT_MISSING = createError('LC_CLIENT_MISSING', 'The client bundle %s is missing: run npm run build:client', 500)
