/** @module example-app/accounts — user accounts (in memory, scrypt-hashed passwords) and the user object permissions read. */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import type { Visitor } from './store.js'

/**
 * What the app puts on `request.user`: fastify-livecomponents' permissions read `isStaff` and
 * `permissions` from it (its `LiveUser` shape); null means anonymous.
 */
export interface ShopUser {
  /** the login name (demo, admin, or the email of a signed-up account) */
  login: string
  /** the display name */
  name: string
  isStaff: boolean
  permissions: string[]
}

interface Account extends ShopUser { salt: Buffer, hash: Buffer }

const accounts = new Map<string, Account>()

async function hashPassword (password: string, salt: Buffer): Promise<Buffer> {
  return await new Promise((resolve, reject) => scrypt(password, salt, 32, (err, key) => err ? reject(err) : resolve(key)))
}

/** Creates an account. Returns false when the login is taken. */
export async function createAccount (user: ShopUser, password: string): Promise<boolean> {
  if (accounts.has(user.login)) return false
  const salt = randomBytes(16)
  accounts.set(user.login, { ...user, permissions: [...user.permissions], salt, hash: await hashPassword(password, salt) })
  return true
}

/** Whether an account with this login exists. */
export function accountExists (login: string): boolean {
  return accounts.has(login)
}

// the demo accounts: demo/demo is a customer; admin/admin is staff and may change products
const seeded = Promise.all([
  createAccount({ login: 'demo', name: 'demo', isStaff: false, permissions: [] }, 'demo'),
  createAccount({ login: 'admin', name: 'admin', isStaff: true, permissions: ['products.change'] }, 'admin')
])

/** The account's user when login and password match, else null (in constant time per account). */
export async function authenticate (login: string, password: string): Promise<ShopUser | null> {
  await seeded
  const account = accounts.get(login)
  const hash = await hashPassword(password, account?.salt ?? Buffer.alloc(16))
  return account !== undefined && timingSafeEqual(hash, account.hash) ? publicUser(account) : null
}

function publicUser (a: Account): ShopUser {
  return { login: a.login, name: a.name, isStaff: a.isStaff, permissions: [...a.permissions] }
}

/** The user of a visitor's session, or null when they are not signed in (for `request.user`). */
export async function userOfVisitor (v: Visitor): Promise<ShopUser | null> {
  await seeded
  const account = v.user === null ? undefined : accounts.get(v.user)
  return account === undefined ? null : publicUser(account)
}
