/**
 * One chart (Chart.js, only the pieces used are registered) with a PNG export and its numbers
 * as a table, so the information is there as text too.
 */
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
  type ChartConfiguration, type Plugin,
} from 'chart.js';
import { Flow, SankeyController } from 'chartjs-chart-sankey';
import { useEffect, useRef, type ReactNode } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip, SankeyController, Flow);

export const OUTCOME_COLORS: Record<string, string> = { KIA: '#b91c1c', DOW: '#c2410c', RTD: '#15803d', Remains_Role4: '#1d4ed8', Died_DNBI: '#6b21a8' };

/** A white background, so an exported PNG is readable on any viewer. */
const whiteBackground: Plugin = {
  id: 'medgenWhiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

export function downloadUrl(url: string, filename: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
}

export interface TableData {
  columns: string[];
  rows: (string | number)[][];
}

export function ChartCard({ id, title, config, table, height = 280, note }: {
  id: string; title: string; config: ChartConfiguration; table: TableData; height?: number; note?: ReactNode;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);

  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, {
      ...config,
      options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
      plugins: [...(config.plugins ?? []), whiteBackground],
    } as ChartConfiguration);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [config]);

  const exportPng = () => {
    const url = chart.current?.toBase64Image('image/png', 1);
    if (url) downloadUrl(url, `${id}.png`);
  };

  return (
    <figure className="chart card" aria-labelledby={`${id}-title`} data-chart={id}>
      <div className="chart-head">
        <figcaption id={`${id}-title`}><h2>{title}</h2></figcaption>
        <button type="button" className="small secondary" onClick={exportPng}>Export PNG<span className="sr-only"> of {title}</span></button>
      </div>
      {note}
      <div className="chart-canvas" style={{ height }}>
        <canvas ref={canvas} role="img" aria-label={`${title} chart; the numbers are in the table below`} />
      </div>
      <details className="chart-table">
        <summary>Show the numbers</summary>
        <div className="table-wrap">
          <table>
            <thead><tr>{table.columns.map((c) => <th scope="col" key={c}>{c}</th>)}</tr></thead>
            <tbody>{table.rows.map((r, i) => <tr key={i}>{r.map((v, j) => (j === 0 ? <th scope="row" key={j}>{v}</th> : <td key={j}>{v}</td>))}</tr>)}</tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
