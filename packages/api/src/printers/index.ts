/** Server-side printing: the printer contract and what the kinds' printers share. */
export { humanDuration, age } from './age.js';
export { col, defaultPrinter, createdAtPrinter, NAME_COLUMN, AGE_COLUMN, type Cell, type Printer, type TableColumnDefinition } from './printer.js';
export { formatLabels, formatLabelSelector } from './format.js';
