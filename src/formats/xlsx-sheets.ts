import { xmlEscape } from './xml-text.js';

/** Rows per sheet: Excel's limit of 1,048,576 minus the header row. */
export const MAX_DATA_ROWS = 1_048_575;

const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Opens a worksheet: the header row is frozen (the pane below row 1 scrolls). */
export function sheetStart(): string {
  return `${XML_DECL}<worksheet xmlns="${MAIN_NS}"><sheetViews><sheetView workbookViewId="0">` +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>';
}

export const SHEET_END = '</sheetData></worksheet>';

export interface WorkbookProperties {
  created: string;
  creator: string;
  title?: string;
}

/**
 * The package parts around the sheets (content types, relationships, workbook, document
 * properties) for sheets named in order; sheet i is `xl/worksheets/sheet{i+1}.xml`.
 */
export function workbookParts(sheetNames: readonly string[], props: WorkbookProperties): { name: string; xml: string }[] {
  const ids = sheetNames.map((_, i) => i + 1);
  const created = xmlEscape(new Date(props.created).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  return [
    {
      name: '[Content_Types].xml',
      xml: `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        ids.map((i) => `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      xml: `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">` +
        `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        `<Relationship Id="rId3" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/>` +
        '</Relationships>',
    },
    {
      name: 'docProps/core.xml',
      xml: `${XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        (props.title ? `<dc:title>${xmlEscape(props.title)}</dc:title>` : '') +
        `<dc:creator>${xmlEscape(props.creator)}</dc:creator><cp:lastModifiedBy>${xmlEscape(props.creator)}</cp:lastModifiedBy>` +
        `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created>` +
        `<dcterms:modified xsi:type="dcterms:W3CDTF">${created}</dcterms:modified></cp:coreProperties>`,
    },
    {
      name: 'docProps/app.xml',
      xml: `${XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
        `<Application>${xmlEscape(props.creator)}</Application></Properties>`,
    },
    {
      name: 'xl/workbook.xml',
      xml: `${XML_DECL}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>` +
        sheetNames.map((s, i) => `<sheet name="${xmlEscape(s)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      xml: `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">` +
        ids.map((i) => `<Relationship Id="rId${i}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i}.xml"/>`).join('') +
        '</Relationships>',
    },
  ];
}
