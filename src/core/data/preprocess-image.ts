/**
 * A user's picture made into an MNIST-style 28 × 28 image, the way MNIST itself was made (LeCun et
 * al., "The MNIST database": "the images were size normalized to fit in a 20x20 pixel box while
 * preserving their aspect ratio … centered in a 28x28 image by computing the center of mass"):
 *
 *   1. greyscale (ITU-R BT.601 luma), transparent pixels composed over the background colour;
 *   2. background made black: the picture is inverted when its border is lighter than its middle
 *      (dark ink on light paper), so the object is light on black as in MNIST and Fashion-MNIST;
 *   3. levels stretched so the lightest pixel is 255 and the background 0 (pixels at or below the
 *      border's median become 0);
 *   4. cropped to the bounding box of the object (pixels above 10% of the maximum);
 *   5. scaled to fit 20 × 20 keeping the aspect ratio (area averaging when shrinking, bilinear when
 *      enlarging);
 *   6. placed in 28 × 28 so that its centre of mass lands on pixel (14, 14) (rounded to whole
 *      pixels, clipped at the edges), as in MNIST's test images.
 * For Fashion-MNIST's framing (`FRAMING.fashion`) steps 5–6 fit the object in 28 × 28 and centre its
 * bounding box, as that dataset was made.
 *
 * The result is uint8 pixels (0 = background) that `scalePixels` turns into the usual [−1, 1] input.
 * Pure TypeScript: the page decodes the file (PNG/JPEG) to RGBA and calls this; tests use pngjs.
 */

export interface RgbaImage {
  width: number;
  height: number;
  /** RGBA bytes, row-major, 4 per pixel. */
  data: ArrayLike<number>;
}

/** The largest picture accepted (pixels per side); larger ones are refused before any work. */
export const MAX_IMAGE_SIDE = 4096;

const OUT = 28;

/** Steps 1–3: a light-on-black greyscale image in 0…255 (float). Throws for an empty or oversized picture. */
export function toLightOnBlack(img: RgbaImage): Float32Array {
  const { width: w, height: h, data } = img;
  if (!(Number.isInteger(w) && Number.isInteger(h) && w >= 1 && h >= 1)) throw new Error(`the image has no pixels (${w} × ${h})`);
  if (w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE) throw new Error(`the image is ${w} × ${h} pixels; at most ${MAX_IMAGE_SIDE} × ${MAX_IMAGE_SIDE} are accepted`);
  if (data.length !== 4 * w * h) throw new Error(`the image data has ${data.length} bytes, ${w} × ${h} RGBA needs ${4 * w * h}`);
  // Border colour first (over it, transparency is composed), from the opaque border pixels.
  const border: number[] = [];
  const lumaAt = (i: number) => 0.299 * data[4 * i] + 0.587 * data[4 * i + 1] + 0.114 * data[4 * i + 2];
  const eachBorder = (f: (i: number) => void) => {
    for (let x = 0; x < w; x++) {
      f(x);
      if (h > 1) f((h - 1) * w + x);
    }
    for (let y = 1; y < h - 1; y++) {
      f(y * w);
      if (w > 1) f(y * w + w - 1);
    }
  };
  eachBorder((i) => {
    if (data[4 * i + 3] > 127) border.push(lumaAt(i));
  });
  const allTransparentBorder = border.length === 0;
  // A transparent border means a drawing on nothing: take it as light paper (typical for a PNG of ink).
  const bg = allTransparentBorder ? 255 : median(border);
  const grey = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) {
    const a = data[4 * i + 3] / 255;
    grey[i] = a * lumaAt(i) + (1 - a) * bg;
  }
  const interior = centreMean(grey, w, h);
  const invert = bg > interior;
  if (invert) for (let i = 0; i < grey.length; i++) grey[i] = 255 - grey[i];
  const floor = invert ? 255 - bg : bg;
  let max = 0;
  for (let i = 0; i < grey.length; i++) max = Math.max(max, grey[i]);
  if (max - floor < 16) throw new Error('the image shows no object: it is (nearly) one colour');
  for (let i = 0; i < grey.length; i++) grey[i] = Math.max(0, ((grey[i] - floor) / (max - floor)) * 255);
  return grey;
}

/**
 * How a dataset's images were framed: MNIST fits the object in 20 × 20 and centres its mass;
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017, "Fashion-MNIST", §2) resizes the longest edge to 28 and
 * centres the bounding box.
 */
export interface Framing {
  box: number;
  centre: 'mass' | 'box';
}
export const FRAMING: Record<'mnist' | 'fashion', Framing> = { mnist: { box: 20, centre: 'mass' }, fashion: { box: 28, centre: 'box' } };

/** All six steps: 28 × 28 uint8 pixels, object light on black, framed as the dataset's images (default MNIST's). */
export function preprocessImage(img: RgbaImage, framing: Framing = FRAMING.mnist): Uint8Array {
  const BOX = framing.box;
  const { width: w, height: h } = img;
  const grey = toLightOnBlack(img);
  // 4. bounding box of the object
  let max = 0;
  for (let i = 0; i < grey.length; i++) max = Math.max(max, grey[i]);
  const thr = 0.05 * max;
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (grey[y * w + x] > thr) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  // 5. fit 20 × 20, keeping the aspect
  const s = BOX / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * s));
  const th = Math.max(1, Math.round(bh * s));
  const small = resize(grey, w, x0, y0, bw, bh, tw, th);
  // 6. centre of mass to the centre of 28 × 28
  let m = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const v = small[y * tw + x];
      m += v;
      cx += v * (x + 0.5);
      cy += v * (y + 0.5);
    }
  }
  // MNIST puts the centre of mass on pixel (14, 14) counted from 0, i.e. at 14.5 pixel widths;
  // Fashion-MNIST centres the bounding box.
  const ox = framing.centre === 'mass' ? Math.round(OUT / 2 + 0.5 - cx / m) : Math.floor((OUT - tw) / 2);
  const oy = framing.centre === 'mass' ? Math.round(OUT / 2 + 0.5 - cy / m) : Math.floor((OUT - th) / 2);
  const out = new Uint8Array(OUT * OUT);
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const X = x + ox;
      const Y = y + oy;
      if (X >= 0 && X < OUT && Y >= 0 && Y < OUT) out[Y * OUT + X] = Math.min(255, Math.round(small[y * tw + x]));
    }
  }
  return out;
}

/** The crop (x0, y0, bw × bh) of a w-wide image resized to tw × th: area average down, bilinear up. */
function resize(src: Float32Array, w: number, x0: number, y0: number, bw: number, bh: number, tw: number, th: number): Float32Array {
  const out = new Float32Array(tw * th);
  const sx = bw / tw;
  const sy = bh / th;
  if (sx >= 1 && sy >= 1) {
    // Each target pixel averages the source area it covers (fractional edges weighted).
    for (let ty = 0; ty < th; ty++) {
      const ya = ty * sy;
      const yb = ya + sy;
      for (let tx = 0; tx < tw; tx++) {
        const xa = tx * sx;
        const xb = xa + sx;
        let acc = 0;
        for (let y = Math.floor(ya); y < Math.ceil(yb); y++) {
          const wy = Math.min(yb, y + 1) - Math.max(ya, y);
          for (let x = Math.floor(xa); x < Math.ceil(xb); x++) {
            const wx = Math.min(xb, x + 1) - Math.max(xa, x);
            acc += wx * wy * src[(y0 + Math.min(y, bh - 1)) * w + x0 + Math.min(x, bw - 1)];
          }
        }
        out[ty * tw + tx] = acc / (sx * sy);
      }
    }
    return out;
  }
  for (let ty = 0; ty < th; ty++) {
    const fy = Math.min(bh - 1, Math.max(0, (ty + 0.5) * sy - 0.5));
    const ya = Math.floor(fy);
    const yb = Math.min(bh - 1, ya + 1);
    for (let tx = 0; tx < tw; tx++) {
      const fx = Math.min(bw - 1, Math.max(0, (tx + 0.5) * sx - 0.5));
      const xa = Math.floor(fx);
      const xb = Math.min(bw - 1, xa + 1);
      const at = (x: number, y: number) => src[(y0 + y) * w + x0 + x];
      const top = at(xa, ya) + (at(xb, ya) - at(xa, ya)) * (fx - xa);
      const bot = at(xa, yb) + (at(xb, yb) - at(xa, yb)) * (fx - xa);
      out[ty * tw + tx] = top + (bot - top) * (fy - ya);
    }
  }
  return out;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

/** Mean of the middle half of the image (rows and columns from ¼ to ¾). */
function centreMean(g: Float32Array, w: number, h: number): number {
  let s = 0;
  let n = 0;
  for (let y = Math.floor(h / 4); y < Math.ceil((3 * h) / 4); y++) {
    for (let x = Math.floor(w / 4); x < Math.ceil((3 * w) / 4); x++) {
      s += g[y * w + x];
      n++;
    }
  }
  return n ? s / n : 0;
}
