import { Injectable } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import type { ReceiptContent } from '../domain/receipt-content.js';

const LABEL_WIDTH = 150;

/** Lays a receipt's content out as a one-page A4 PDF (pdfkit, its built-in Helvetica). */
@Injectable()
export class ReceiptRenderer {
  render(content: ReceiptContent, createdAt: Date): Promise<Buffer> {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      // A fixed creation date: rendering the same receipt twice gives the same document.
      info: { Title: content.title, Author: content.heading, CreationDate: createdAt },
    });
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });

    doc.font('Helvetica-Bold').fontSize(22).text(content.heading);
    doc.moveDown(0.3).font('Helvetica').fontSize(14).text('Receipt');
    doc.moveDown(1.2).fontSize(11);
    const left = doc.page.margins.left;
    const valueWidth = doc.page.width - doc.page.margins.right - left - LABEL_WIDTH;
    for (const { label, value } of content.lines) {
      const top = doc.y;
      doc.font('Helvetica-Bold').text(label, left, top, { width: LABEL_WIDTH - 12 });
      const labelBottom = doc.y;
      doc.font('Helvetica').text(value, left + LABEL_WIDTH, top, { width: valueWidth });
      doc.y = Math.max(labelBottom, doc.y) + 6;
    }
    doc.end();
    return done;
  }
}
