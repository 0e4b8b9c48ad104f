/**
 * A heatmap from a typed array (not from the store's grid results): a canvas at native resolution
 * (28 × width) scaled by CSS, pixelated, in the thesis's diverging colours (lib/heatmap-image.ts).
 * The randomisation stepper draws its stages with it.
 */
import { memo, useEffect, useRef } from 'react';
import { heatmapToRgba } from '../../lib/heatmap-image';

interface Props {
  heatmap: Float32Array;
  width: number;
  /** Accessible description. */
  label: string;
  positiveOnly: boolean;
  testId?: string;
}

const H = 28;

export const MapCanvas = memo(function MapCanvas({ heatmap, width, label, positiveOnly, testId }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || heatmap.length !== H * width) return;
    ctx.putImageData(new ImageData(heatmapToRgba(heatmap, positiveOnly) as Uint8ClampedArray<ArrayBuffer>, width, H), 0, 0);
    el.dataset.painted = '1';
  }, [heatmap, width, positiveOnly]);
  return <canvas ref={canvas} width={width} height={H} className="pixelated map-canvas" role="img" aria-label={label} data-testid={testId} />;
});
