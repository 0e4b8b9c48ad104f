/**
 * The weight tensors of a cell, in manifest order, with their init and their thesis count (§1.2, §3.1).
 *
 * Names (W then b for each layer):
 *   shallow:  input [(d+256)×256], recurrent [256×256], output [256×10]
 *   deep:     input_1 [d×256], input_to_cell [512×128], recurrent [128×256], output_1 [128×32], output_2 [32×10]
 *   deep-v2:  input_1 [d×128], input_2 [128×256], then as deep
 *   conv-*:   conv1 [5,5,Cin,24], conv2 [3,3,24|56,32], input_1 [F×128], then the deep or R-LSTM core and head
 *   lstm:     input_1, gate_i, gate_f, gate_o, candidate [(F+R)×R], output [R×10]
 */
import type { BiasMode, ParamInit, ParamSpec } from './types';
import { CLASSES, type CellLayout } from './cellLayout';

/** softplus(b₀) of the thesis text's bias init (§4.1 of the thesis; the code's is 0, facts §1.2). */
export const SOFTPLUS_BIAS_INIT = 0.01;

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function weight(name: string, shape: number[], fanIn: number): ParamSpec {
  return { name: `${name}/W`, shape, init: { kind: 'truncated-normal', fanIn }, trainable: true, thesisCount: size(shape) };
}

/** Bias of a ReLU / output layer under the bias convention (§1.2). */
function neuronBias(name: string, units: number, bias: BiasMode): ParamSpec {
  const init: ParamInit = bias === 'zero' ? { kind: 'zeros' } : { kind: 'softplus-bias', value: SOFTPLUS_BIAS_INIT };
  return { name: `${name}/b`, shape: [units], init, trainable: bias !== 'zero', thesisCount: units };
}

/** Dense layer [rows × cols] with the neuron bias; fan_in = rows (recurrent rows included). */
function dense(name: string, rows: number, cols: number, bias: BiasMode): ParamSpec[] {
  return [weight(name, [rows, cols], rows), neuronBias(name, cols, bias)];
}

/** Conv layer [k, k, cin, cout]; fan_in = k·k·cin. */
function conv(name: string, k: number, cin: number, cout: number, bias: BiasMode): ParamSpec[] {
  return [weight(name, [k, k, cin, cout], k * k * cin), neuronBias(name, cout, bias)];
}

/** R-LSTM gate: σ(xr W + b), b ordinary, trainable, init 0; the thesis code counts it as 1 (§3.1). */
function gate(name: string, rows: number, units: number): ParamSpec[] {
  return [
    weight(name, [rows, units], rows),
    { name: `${name}/b`, shape: [units], init: { kind: 'zeros' }, trainable: true, thesisCount: 1 },
  ];
}

/** Every weight tensor of the cell, in manifest order. */
export function paramSpecs(layout: CellLayout, bias: BiasMode): ParamSpec[] {
  const specs: ParamSpec[] = [];
  const { encoder: enc, core, head } = layout;

  if (enc.kind === 'dense') {
    let rows = layout.d;
    enc.sizes.forEach((cols, i) => {
      specs.push(...dense(`input_${i + 1}`, rows, cols, bias));
      rows = cols;
    });
  } else if (enc.kind === 'conv') {
    specs.push(...conv('conv1', enc.k1, enc.cin1, enc.ch1, bias));
    specs.push(...conv('conv2', enc.k2, enc.cin2, enc.ch2, bias));
    specs.push(...dense('input_1', enc.flat, enc.units, bias));
  }

  if (core.kind === 'shallow') {
    specs.push(...dense('input', core.input + core.state, core.hidden, bias));
    specs.push(...dense('recurrent', core.hidden, core.state, bias));
  } else if (core.kind === 'deep') {
    specs.push(...dense('input_to_cell', core.input + core.state, core.hidden, bias));
    specs.push(...dense('recurrent', core.hidden, core.state, bias));
  } else {
    const rows = core.input + core.units;
    for (const g of ['gate_i', 'gate_f', 'gate_o']) specs.push(...gate(g, rows, core.units));
    specs.push(...dense('candidate', rows, core.units, bias));
  }

  if (head.kind === 'linear') {
    specs.push(...dense('output', head.input, CLASSES, bias));
  } else {
    specs.push(...dense('output_1', head.input, head.hidden, bias));
    specs.push(...dense('output_2', head.hidden, CLASSES, bias));
  }
  return specs;
}
