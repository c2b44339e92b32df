/** @module example-app/components/product-image — a product image upload: the file goes up as soon as it is chosen (progress, cancel), its type is read from its bytes, and "Save image" keeps it. */
import { command, isStaff, LiveComponent, type CallContext } from 'fastify-livecomponents'
import { readFile } from 'node:fs/promises'
import { IMAGES, logActivity, product } from '../store.js'

type ImageState = { productId: number, version: number }

/**
 * The image of a product: PNG, JPEG, WebP or GIF, at most 2 MB, checked by content (a renamed
 * executable is refused before "Save image" can run). Staff only, like the edit form.
 */
export class ProductImage extends LiveComponent<ImageState, { productId: number }> {
  static template = 'product-image.njk'
  static permissions = [isStaff]
  static uploads = { image: { maxBytes: 2_000_000, accept: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] } }

  mount (props: { productId: number }): ImageState {
    return { productId: props.productId, version: 0 }
  }

  context (state: ImageState) {
    return { hasImage: IMAGES.has(state.productId) }
  }

  @command async save (ctx: CallContext<ImageState>) {
    const file = ctx.files.image[0]
    if (file === undefined) return
    // the temporary file is removed after this command: keep its bytes
    IMAGES.set(ctx.state.productId, { type: file.type, data: await readFile(file.path) })
    ctx.state.version++
    logActivity(`${product(ctx.state.productId)?.name ?? 'A product'} got a new image`)
  }
}
