/**
 * Reading an uploaded CSV file: a byte-order mark dropped, blank lines skipped, cells trimmed, and a
 * file the parser cannot read refused with its line (422) rather than thrown as a 500. Pure.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { unprocessable, type ErrorDetail } from '../platform/errors';

export function readCsv(text: string, malformed: (details: ErrorDetail[]) => Error): string[][] {
  try {
    return parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) throw malformed([{ path: `line ${error.lines}`, message: error.message }]);
    throw error;
  }
}

/** A 422 naming the first problem and counting the rest; every problem is in the details. */
export function malformedFile(what: string, code: string) {
  return (details: ErrorDetail[]) => {
    const first = details[0];
    const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
    return unprocessable(`The ${what} is malformed: ${first.path}: ${first.message}${more}`, details, code);
  };
}
