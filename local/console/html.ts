/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string | number | undefined | null): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · mto-flow local</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f5f6f8; }
  header { background: #1d2330; color: #fff; padding: 12px 24px; display: flex; gap: 24px; align-items: baseline; }
  header a { color: #cfd8ff; text-decoration: none; } header strong { font-size: 18px; }
  main { max-width: 1100px; margin: 0 auto; padding: 16px 24px; }
  .card { background: #fff; border: 1px solid #dde1e8; border-radius: 8px; padding: 14px 16px; margin: 12px 0; }
  .meta { color: #5a6275; font-size: 13px; } .empty { color: #5a6275; font-style: italic; }
  .slack-block { border-left: 3px solid #4a154b; padding-left: 10px; margin: 8px 0; }
  button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid #9aa3b5; background: #fff; cursor: pointer; margin-right: 6px; }
  a.button { display: inline-block; padding: 6px 14px; border-radius: 6px; border: 1px solid #9aa3b5; color: inherit; text-decoration: none; margin-right: 6px; }
  button.primary { background: #2f7a3b; color: #fff; border-color: #2f7a3b; } button.danger { background: #a33a2f; color: #fff; border-color: #a33a2f; }
  iframe { width: 100%; border: 1px solid #eee; min-height: 220px; background: #fff; }
  table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e6e8ee; }
  code { background: #eef0f4; padding: 1px 4px; border-radius: 4px; }
</style></head>
<body><header><strong>mto-flow</strong><span>local</span>
<a href="/_local/outbox">Outbox</a><a href="/_local/orders">Orders</a><a href="/_local/suppliers">Supplier simulator</a><a href="/openapi.json">OpenAPI</a></header>
<main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}
