/** The selection of every object of a resource. */
import { parseFieldSelector, parseLabelSelector } from '@kemu/api';
import type { Selection } from '../registry/resource-store.js';

export function everything(): Selection {
  return { label: parseLabelSelector(''), field: parseFieldSelector('') };
}
