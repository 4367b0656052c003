import { execFile } from 'node:child_process';
import type { Response } from 'supertest';

/** Collects a binary body (supertest leaves an application/pdf body unread otherwise). */
export const binary = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/**
 * Reads a PDF's text with pdf-parse in a plain Node process: pdf.js loads its worker as an ES
 * module with `import()`, which Jest's CommonJS sandbox cannot do (before Node 24.9).
 */
const EXTRACT_TEXT = `
const { PDFParse } = await import('pdf-parse');
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
process.stdout.write((await parser.getText()).text);
await parser.destroy();
`;

/** The PDF's text, every run of whitespace (wrapped lines, gaps between columns) one space. */
export function pdfText(pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '--eval', EXTRACT_TEXT],
      (error, stdout, stderr) =>
        error ? reject(new Error(stderr || error.message)) : resolve(stdout.replace(/\s+/g, ' ')),
    );
    child.stdin!.end(pdf);
  });
}
