import PDFDocument from 'pdfkit';

export type PdfDocument = InstanceType<typeof PDFDocument>;

const LABEL_WIDTH = 150;

/**
 * Lays out an A4 document (pdfkit, its built-in Helvetica) with `draw` and resolves to its bytes.
 * The creation date is given, not taken from the clock: the same content renders to the same bytes.
 */
export function renderPdf(
  info: { title: string; author: string; createdAt: Date },
  draw: (doc: PdfDocument) => void,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: info.title, Author: info.author, CreationDate: info.createdAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}

/** The document's title block: the heading large and bold, what it is below it. */
export function titleBlock(doc: PdfDocument, heading: string, subheading: string): void {
  doc.font('Helvetica-Bold').fontSize(22).text(heading);
  doc.moveDown(0.3).font('Helvetica').fontSize(14).text(subheading);
}

/** Starts a new page unless `height` points are left on this one. */
export function room(doc: PdfDocument, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** Bold labels in a column on the left, their values beside them; `gap` points between lines. */
export function labelledLines(
  doc: PdfDocument,
  lines: { label: string; value: string }[],
  gap: number,
): void {
  const left = doc.page.margins.left;
  const valueWidth = doc.page.width - doc.page.margins.right - left - LABEL_WIDTH;
  for (const { label, value } of lines) {
    room(doc, 16);
    const top = doc.y;
    doc.font('Helvetica-Bold').text(label, left, top, { width: LABEL_WIDTH - 12 });
    const labelBottom = doc.y;
    doc.font('Helvetica').text(value, left + LABEL_WIDTH, top, { width: valueWidth });
    doc.y = Math.max(labelBottom, doc.y) + gap;
  }
}
