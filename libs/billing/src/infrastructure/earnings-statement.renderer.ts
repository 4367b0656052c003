import { Injectable } from '@nestjs/common';
import type { StatementContent, StatementTable } from '../domain/earnings-statement-content.js';
import { labelledLines, type PdfDocument, renderPdf, room, titleBlock } from './pdf-document.js';

const LINE_GAP = 4;
const TABLE_FONT_SIZE = 8;
/** The date column, then the id column takes what the amounts leave. */
const DATE_WIDTH = 72;
const AMOUNT_WIDTH = 72;
const ROW_GAP = 3;

/** Lays a statement's content out as an A4 PDF, pages as needed. */
@Injectable()
export class EarningsStatementRenderer {
  render(content: StatementContent, createdAt: Date): Promise<Buffer> {
    return renderPdf({ title: content.title, author: content.heading, createdAt }, (doc) => {
      titleBlock(doc, content.heading, content.subheading);
      doc.moveDown(1).fontSize(10);
      labelledLines(doc, content.lines, LINE_GAP);
      if (content.empty) doc.moveDown(1).font('Helvetica').fontSize(11).text(content.empty);

      for (const section of content.sections) {
        room(doc, 80);
        doc
          .moveDown(1)
          .font('Helvetica-Bold')
          .fontSize(16)
          .text(section.heading, doc.page.margins.left);
        doc.moveDown(0.4).fontSize(10);
        labelledLines(doc, section.summary, LINE_GAP);
        for (const table of section.tables) drawTable(doc, table);
      }
    });
  }
}

function drawTable(doc: PdfDocument, table: StatementTable): void {
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
