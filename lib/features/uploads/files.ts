/** @module features/uploads/files — where uploaded files wait for their command: a private temporary folder, type sniffing by content, and removal of what is not used. */
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdtemp, open, rm, stat, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Readable } from 'node:stream'
import { fileTypeFromFile } from 'file-type'

/**
 * How long an uploaded file waits for the command that uses it, in seconds: the lifetime of its
 * reference token too. Files older than this are removed.
 */
export const UPLOAD_TTL_SECONDS = 3600

/**
 * What one field of a component accepts: at most `maxFiles` files (default 1) of at most
 * `maxBytes` bytes each, whose content is one of the `accept` types (MIME types such as
 * `image/png`, or `image/*`). The type is read from the file's bytes (magic numbers, by the
 * `file-type` package), never from its name or the browser's claim; `text/plain` accepts files
 * that no magic number matches and that are valid UTF-8 without NUL bytes.
 *
 * @example
 * { maxBytes: 2_000_000, maxFiles: 1, accept: ['image/png', 'image/jpeg', 'image/webp'] }
 */
export interface UploadRule { maxBytes: number, maxFiles?: number, accept: string[] }

/**
 * The type of a file by its content, or undefined when nothing matches.
 *
 * @example
 * await sniff('/tmp/x') // 'image/png'
 */
export async function sniff (path: string): Promise<string | undefined> {
  const found = await fileTypeFromFile(path)
  if (found !== undefined) return found.mime
  // no magic number: plain text if it decodes as UTF-8 without NUL (first 64 KiB)
  const handle = await open(path, 'r')
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(65536), 0, 65536, 0)
    const head = buffer.subarray(0, bytesRead)
    if (head.includes(0)) return undefined
    new TextDecoder('utf-8', { fatal: true }).decode(head)
    return 'text/plain'
  } catch {
    return undefined
  } finally {
    await handle.close()
  }
}

/**
 * Whether a sniffed type is one `accept` lists (exactly, or by `type/*`).
 *
 * @example
 * accepts(['image/*'], 'image/webp') // true
 */
export function accepts (accept: readonly string[], type: string | undefined): boolean {
  if (type === undefined) return false
  return accept.some((a) => a === type || (a.endsWith('/*') && type.startsWith(a.slice(0, -1))))
}

/**
 * The plugin's private folder of uploaded files. Each file gets a random name; `now` (the
 * plugin's clock, milliseconds) dates it, and {@link sweep} removes files older than the TTL.
 *
 * @example
 * const files = await UploadFolder.create(Date.now)
 * const saved = await files.save(part.file, 2_000_000)
 */
export class UploadFolder {
  private readonly born = new Map<string, number>()

  private constructor (readonly dir: string, private readonly now: () => number) {}

  static async create (now: () => number): Promise<UploadFolder> {
    return new UploadFolder(await mkdtemp(join(tmpdir(), 'fastify-livecomponents-uploads-')), now)
  }

  /** The path of a file by its name; undefined for a name that is not one of ours. */
  pathOf (name: string): string | undefined {
    return /^[0-9a-f-]{36}$/.test(name) && this.born.has(name) ? join(this.dir, name) : undefined
  }

  /** Whether the file still waits (not used, not swept). */
  async exists (name: string): Promise<boolean> {
    const path = this.pathOf(name)
    if (path === undefined) return false
    try {
      await stat(path)
      return true
    } catch {
      this.born.delete(name)
      return false
    }
  }

  /**
   * Writes a stream to a new file; `truncated` when it was cut at the size limit (the parser's
   * `fileSize`), in which case the file is already removed.
   */
  async save (stream: Readable & { truncated?: boolean }): Promise<{ name: string, path: string, bytes: number, truncated: boolean }> {
    const name = randomUUID()
    const path = join(this.dir, name)
    this.born.set(name, this.now())
    let bytes = 0
    stream.on('data', (chunk: Buffer) => { bytes += chunk.length })
    try {
      await pipeline(stream, createWriteStream(path, { flags: 'wx', mode: 0o600 }))
    } catch (err) {
      await this.remove(name) // cut off (too large), or the client went away
      throw err
    }
    if (stream.truncated === true) {
      await this.remove(name)
      return { name, path, bytes, truncated: true }
    }
    return { name, path, bytes, truncated: false }
  }

  /** Removes a file (gone already is fine). */
  async remove (name: string): Promise<void> {
    this.born.delete(name)
    await unlink(join(this.dir, name)).catch(() => {})
  }

  /** Removes every file older than the TTL. */
  async sweep (): Promise<void> {
    const oldest = this.now() - UPLOAD_TTL_SECONDS * 1000
    await Promise.all([...this.born].filter(([, at]) => at < oldest).map(async ([name]) => { await this.remove(name) }))
  }

  /** Removes the folder and everything in it (the plugin closes). */
  async close (): Promise<void> {
    this.born.clear()
    await rm(this.dir, { recursive: true, force: true })
  }
}
