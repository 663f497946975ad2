import { useEffect, useState } from 'react';
import { api, apiResponse, errorMessage } from '../api/client.js';
import { Notice } from '../app/ui.js';

interface Record {
  id: number;
  demographics: { given_name: string; family_name: string; rank: string; unit: string; nationality: string };
  triage_category: string;
  final_status: string;
  primary_condition: { display: string };
  injuries: { condition: { display: string }; body_site: { display: string }; ais: number }[];
  movement_timeline: { event_type: string; facility: string; timestamp: string }[];
}

/** Downloads the casualty's cards (the key travels in a header, so a plain link cannot fetch them). */
async function downloadCard(base: string, patientId: number): Promise<void> {
  const blob = await (await apiResponse(`${base}/patients/${patientId}/card.pdf`)).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `casualty-${patientId}.pdf`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** One casualty's record and cards, opened from an event of the feed. */
export function PatientRecord({ base, patientId, onClose }: { base: string; patientId: number; onClose: () => void }) {
  const [record, setRecord] = useState<Record | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setRecord(null);
    api<Record>(`${base}/patients/${patientId}`).then(setRecord, (err: unknown) => setError(errorMessage(err)));
  }, [base, patientId]);
  return (
    <section className="card patient-record" aria-label={`Casualty ${patientId}`} role="dialog">
      <div className="page-head">
        <h2>Casualty {patientId}</h2>
        <button type="button" onClick={() => void downloadCard(base, patientId).catch((err: unknown) => setError(errorMessage(err)))}>Casualty card (PDF)</button>
        <button type="button" onClick={onClose}>Close</button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {record && (
        <>
          <p data-testid="record-name">{record.demographics.rank} {record.demographics.given_name} {record.demographics.family_name} · {record.demographics.nationality} · {record.demographics.unit}</p>
          <p>First triage {record.triage_category} · outcome {record.final_status.replaceAll('_', ' ')}</p>
          <ul>
            {record.injuries.length > 0
              ? record.injuries.map((i, n) => <li key={n}>{i.condition.display}, {i.body_site.display} (AIS {i.ais})</li>)
              : <li>{record.primary_condition.display}</li>}
          </ul>
          <ol className="small">
            {record.movement_timeline.map((m, n) => <li key={n}>{m.timestamp.replace('T', ' ')} {m.event_type.replaceAll('_', ' ')} {m.facility}</li>)}
          </ol>
        </>
      )}
    </section>
  );
}
