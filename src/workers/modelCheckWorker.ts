/// <reference lib="webworker" />
/**
 * The model-check worker shell: loading a network is tfjs, and the page runs none. onmessage → model/modelCheck →
 * postMessage. On the cpu backend: the check needs no GPU context and leaves the training worker's alone.
 */
import * as tf from '@tensorflow/tfjs';
import { checkModelFiles } from '../model/modelCheck';
import type { ModelCheckRequest, ModelCheckResponse } from './modelCheckProtocol';
import { serve } from './rpc';

const cpu = tf.setBackend('cpu');

serve<ModelCheckRequest, ModelCheckResponse>(async ({ id, files }) => {
  await cpu;
  return { id, type: 'checked', info: await checkModelFiles(files) };
});
