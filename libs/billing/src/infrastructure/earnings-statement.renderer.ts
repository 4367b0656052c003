import { Injectable } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import type { StatementContent, StatementTable } from '../domain/earnings-statement-content.js';

type Doc = InstanceType<typeof PDFDocument>;

const LABEL_WIDTH = 150;
const TABLE_FONT_SIZE = 8;
/** The date column, then the id column takes what the amounts leave. */
const DATE_WIDTH = 72;
const AMOUNT_WIDTH = 72;
const ROW_GAP = 3;

/** Lays a statement's content out as an A4 PDF (pdfkit, its built-in Helvetica), pages as needed. */
@Injectable()
export class EarningsStatementRenderer {
  render(content: StatementContent, createdAt: Date): Promise<Buffer> {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      info: { Title: content.title, Author: content.heading, CreationDate: createdAt },
    });
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });

    doc.font('Helvetica-Bold').fontSize(22).text(content.heading);
    doc.moveDown(0.3).font('Helvetica').fontSize(14).text(content.subheading);
    doc.moveDown(1).fontSize(10);
    labelled(doc, content.lines);
    if (content.empty) doc.moveDown(1).font('Helvetica').fontSize(11).text(content.empty);

    for (const section of content.sections) {
      room(doc, 80);
      doc
        .moveDown(1)
        .font('Helvetica-Bold')
        .fontSize(16)
        .text(section.heading, doc.page.margins.left);
      doc.moveDown(0.4).fontSize(10);
      labelled(doc, section.summary);
      for (const table of section.tables) drawTable(doc, table);
    }
    doc.end();
    return done;
  }
}

/** Starts a new page unless `height` points are left on this one. */
function room(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function labelled(doc: Doc, lines: { label: string; value: string }[]): void {
  const left = doc.page.margins.left;
  const valueWidth = doc.page.width - doc.page.margins.right - left - LABEL_WIDTH;
  for (const { label, value } of lines) {
    room(doc, 16);
    const top = doc.y;
    doc.font('Helvetica-Bold').text(label, left, top, { width: LABEL_WIDTH - 12 });
    const labelBottom = doc.y;
    doc.font('Helvetica').text(value, left + LABEL_WIDTH, top, { width: valueWidth });
    doc.y = Math.max(labelBottom, doc.y) + 4;
  }
}

function drawTable(doc: Doc, table: StatementTable): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.right - left;
  const idWidth = width - DATE_WIDTH - AMOUNT_WIDTH * table.amountColumns;
  const widths = table.columns.map((_, index) =>
    index === 0 ? DATE_WIDTH : index === 1 ? idWidth : AMOUNT_WIDTH,
  );
  const row = (cells: string[], font: string) => {
    room(doc, 14);
    const top = doc.y;
    let x = left;
    let bottom = top;
    doc.font(font).fontSize(TABLE_FONT_SIZE);
    cells.forEach((cell, index) => {
      const amount = index >= cells.length - table.amountColumns;
      doc.text(cell, x, top, { width: widths[index]! - 4, align: amount ? 'right' : 'left' });
      bottom = Math.max(bottom, doc.y);
      x += widths[index]!;
    });
    doc.y = bottom + ROW_GAP;
  };

  room(doc, 40);
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(table.title, left);
  doc.moveDown(0.3);
  if (!table.rows.length) {
    doc
      .font('Helvetica')
      .fontSize(TABLE_FONT_SIZE + 1)
      .text(table.empty, left);
    return;
  }
  row(table.columns, 'Helvetica-Bold');
  for (const cells of table.rows) row(cells, 'Helvetica');
  row(table.total, 'Helvetica-Bold');
}
