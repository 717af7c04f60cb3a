/**
 * SupplierGateway by email: the PO (or its cancellation) goes to the supplier's address from the
 * catalog, with the reference (callback id) the supplier's system quotes back in its signed webhooks.
 */
import type { Supplier } from '../../domain/catalog/catalog.types';
import { NotificationError, type EmailSender, type PurchaseOrderMessage, type SupplierGateway } from '../../ports/notifier';

export class EmailSupplierGateway implements SupplierGateway {
  public constructor(private readonly options: { readonly email: EmailSender; readonly supplier: (supplierId: string) => Promise<Supplier | undefined> }) {}

  public async send(message: PurchaseOrderMessage): Promise<void> {
    const supplier = await this.options.supplier(message.supplierId);
    if (supplier === undefined) throw new NotificationError('supplier', `supplier ${message.supplierId} is not in the catalog`);
    const cancelled = message.type === 'purchase-order.cancelled';
    const lines = message.lines.map((line) => `${line.quantity} ${line.unit} of ${line.componentId} at ${(line.unitCostCents / 100).toFixed(2)}`);
    const reference = message.callbackId === undefined ? [] : [`Reference for your webhooks: ${message.callbackId}`];
    const text = [
      `${cancelled ? 'CANCELLED: purchase order' : 'Purchase order'} ${message.poId} (customer order ${message.orderId})`,
      ...lines,
      ...(message.respondBy === undefined ? [] : [`Please acknowledge with a confirmed delivery date by ${message.respondBy}.`]),
      ...(message.reason === undefined ? [] : [message.reason]),
      ...reference,
    ].join('\n');
    await this.options.email.send({
      to: [supplier.email],
      subject: `${cancelled ? 'Cancelled' : 'Purchase order'} ${message.poId}`,
      text,
      html: `<pre style="font-family:monospace">${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pre>`,
      tags: { poId: message.poId, orderId: message.orderId, type: message.type },
    });
  }
}
