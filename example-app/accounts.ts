/** @module example-app/accounts — user accounts (in memory, scrypt-hashed passwords) and the user object permissions read. */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'

/**
 * The signed-in user, as fastify-livecomponents' permissions read it (its `LiveUser` shape:
 * `isStaff`, `permissions`) through the plugin's `user` option; null means anonymous.
 */
export interface ShopUser {
  /** the login name (demo, admin, or the email of a signed-up account) */
  login: string
  /** the display name */
  name: string
  isStaff: boolean
  permissions: string[]
}

/** An account: the user, and its password's salt and scrypt hash (still being computed while `hash` is pending). */
interface Account extends ShopUser { salt: Buffer, hash: Promise<Buffer> }

const accounts = new Map<string, Account>()

async function hashPassword (password: string, salt: Buffer): Promise<Buffer> {
  return await new Promise((resolve, reject) => scrypt(password, salt, 32, (err, key) => err ? reject(err) : resolve(key)))
}

/** Creates an account. Returns false when the login is taken. */
export async function createAccount (user: ShopUser, password: string): Promise<boolean> {
  if (accounts.has(user.login)) return false
  const salt = randomBytes(16)
  // the account exists at once (so `userOf` is synchronous); its hash follows
  const hash = hashPassword(password, salt)
  accounts.set(user.login, { ...user, permissions: [...user.permissions], salt, hash })
  await hash
  return true
}

/** Whether an account with this login exists. */
export function accountExists (login: string): boolean {
  return accounts.has(login)
}

// the demo accounts: demo/demo is a customer; admin/admin is staff and may change products
void createAccount({ login: 'demo', name: 'demo', isStaff: false, permissions: [] }, 'demo')
void createAccount({ login: 'admin', name: 'admin', isStaff: true, permissions: ['products.change'] }, 'admin')

const NO_SALT = Buffer.alloc(16)

/** The account's user when login and password match, else null (in constant time per account). */
export async function authenticate (login: string, password: string): Promise<ShopUser | null> {
  const account = accounts.get(login)
  const hash = await hashPassword(password, account?.salt ?? NO_SALT)
  return account !== undefined && timingSafeEqual(hash, await account.hash) ? publicUser(account) : null
}

function publicUser (a: Account): ShopUser {
  return { login: a.login, name: a.name, isStaff: a.isStaff, permissions: [...a.permissions] }
}

/** The user with this login, or null (no login, or no such account). Synchronous, as the plugin's `user` option needs. */
export function userOf (login: string | undefined): ShopUser | null {
  const account = login === undefined ? undefined : accounts.get(login)
  return account === undefined ? null : publicUser(account)
}

/**
 * The signed-in user of a request: the account whose login the session holds (`userId`, set
 * by the login form), read afresh on every call. This is the app's `user` option, so the
 * plugin's permissions see what the session says now, also on a long-lived WebSocket whose
 * session the plugin reloads (a `request.user` set once by a hook would stay what it was).
 */
export function currentUser (request: FastifyRequest): ShopUser | null {
  return userOf(request.session?.get('userId'))
}

/** What the plugin's `socketId` option calls a signed-in user's WebSockets, so that `app.components.disconnect()` can close them. */
export function socketIdOf (login: string): string {
  return `user:${login}`
}

/**
 * Signs the request's visitor in. The session gets a new id first (the old one is destroyed),
 * so an id an attacker planted before the login is worth nothing after it (session fixation);
 * the cart and language come along. The page's old tokens were bound to the old session:
 * they get 410 and the page reloads, which a login redirect does anyway.
 */
export async function signIn (request: FastifyRequest, login: string): Promise<void> {
  await request.session.regenerate(['cart', 'lang'])
  request.session.set('userId', login)
}

/**
 * Signs the request's visitor out: a new, empty session (the language stays), and every
 * WebSocket of that user, on every instance and in every browser, is closed (4001) so that
 * no open page keeps pushing what the user could see; those pages reload as whoever is
 * signed in there now.
 */
export async function signOut (request: FastifyRequest, app: FastifyInstance): Promise<void> {
  const login = request.session.get('userId')
  await request.session.regenerate(['lang'])
  if (login !== undefined) await app.components.disconnect(socketIdOf(login))
}
