/**
 * The page's controllers, made once and wired here: the lab on the dataset library, and the comparison, evaluation
 * clustering and the imported PyTorch run on the lab. The controllers in state/ reach nothing but what they are handed; components import
 * their instances from this module, and ui/main.tsx hands the same ones to the test hook before the lab starts.
 */
import { createClustering } from '../state/clustering';
import { createCompare } from '../state/compare';
import { datasetLibrary } from '../state/datasets';
import { createEvaluation } from '../state/evaluation';
import { createImportedRun } from '../state/importedRun';
import { createLab } from '../state/lab';

export const lab = createLab(datasetLibrary);
export const compare = createCompare(lab, location.hash);
export const evaluation = createEvaluation(lab);
export const clustering = createClustering(lab);
export const importedRun = createImportedRun(lab);
