/**
 * main.tsx's first import, so this runs before the rest of the page's modules are evaluated (a second on a slow
 * machine): the training worker starts loading meanwhile.
 */
import { prestartTrainWorker } from '../workers/trainClient';

prestartTrainWorker();
