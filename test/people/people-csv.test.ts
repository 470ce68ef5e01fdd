import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_RECORD_CHARACTERS, PeopleCsvError, readPeopleCsv } from '../../adapters/cli/people-csv.js';
import type { ImportRow } from '../../core/people/import-people.js';

const HEADER = 'Survived,Pclass,Name,Sex,Age,Siblings/Spouses Aboard,Parents/Children Aboard,Fare';

async function rowsOfSource(source: Readable): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  for await (const row of readPeopleCsv(source)) rows.push(row);
  return rows;
}

const rowsOf = (text: string) => rowsOfSource(Readable.from([text]));

describe('readPeopleCsv', () => {
  it('types each column and names each row by its line', async () => {
    expect(await rowsOf(`${HEADER}\n1,1,"Cumings, Mrs. J",female,38.5,1,0,71.2833\n`)).toEqual([
      {
        line: 2,
        values: {
          survived: true,
          passengerClass: 1,
          name: 'Cumings, Mrs. J',
          sex: 'female',
          age: 38.5,
          siblingsOrSpousesAboard: 1,
          parentsOrChildrenAboard: 0,
          fare: 71.2833,
        },
      },
    ]);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('names the line a record starts on, after quoted line breaks and empty lines (%s)', async (_, eol) => {
    const text = [HEADER, '1,1,"Two', 'lines",female,1,0,0,1', '', '1,1,A,female,x,0,0,1', '1,1,"B', 'b",female,y,0,0,1', ''].join(eol);
    expect((await rowsOf(text)).map((row) => row.line)).toEqual([2, 5, 6]);
  });

  it('reports text where a number belongs, and a wrong field count, on the row', async () => {
    const [bad, short] = await rowsOf(`${HEADER}\n1,1,A,male,twenty,0,0,1\n1,1,A\n`);
    expect(bad?.issues).toEqual([{ field: 'age', message: 'must be a number, not "twenty"' }]);
    expect(short).toEqual({ line: 3, issues: [{ field: 'row', message: 'has 3 fields; the header has 8' }] });
  });

  it('stops at an unclosed quote once a record outgrows the limit, instead of holding the rest of the file', async () => {
    const row = '1,1,A,male,20,0,0,1\n';
    const rest = Array.from({ length: 200_000 }, () => row);
    let read = 0;
    // A lazy source: the parser must give up long before it has pulled the whole file.
    const source = Readable.from(
      (function* () {
        yield `${HEADER}\n${row}1,1,"Unclosed,male,20,0,0,1\n`;
        for (const line of rest) {
          read += line.length;
          yield line;
        }
      })(),
    );
    const failure = await rowsOfSource(source).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PeopleCsvError);
    expect((failure as PeopleCsvError).message).toBe(
      `a record is longer than ${MAX_RECORD_CHARACTERS} characters; is a quote left unclosed?`,
    );
    expect(read).toBeLessThan(MAX_RECORD_CHARACTERS * 4);
  });
});
