import { Injectable } from '@nestjs/common';
import type { ReceiptContent } from '../domain/receipt-content.js';
import { labelledLines, renderPdf, titleBlock } from './pdf-document.js';

/** Lays a receipt's content out as a one-page A4 PDF. */
@Injectable()
export class ReceiptRenderer {
  render(content: ReceiptContent, createdAt: Date): Promise<Buffer> {
    return renderPdf({ title: content.title, author: content.heading, createdAt }, (doc) => {
      titleBlock(doc, content.heading, 'Receipt');
      doc.moveDown(1.2).fontSize(11);
      labelledLines(doc, content.lines, 6);
    });
  }
}
