/** Server-side printing: the printer contract and what the kinds' printers share. */
export { humanDuration, age } from './age.js';
export { col, defaultPrinter, NAME_COLUMN, type Cell, type Printer, type TableColumnDefinition } from './printer.js';
export { formatLabelSelector } from './format.js';
