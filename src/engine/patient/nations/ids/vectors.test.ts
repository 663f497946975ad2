import { describe, expect, it } from 'vitest';
import { ID_SCHEMES } from './index.js';
import type { NationCode } from '../../../types.js';
import type { PersonName, Sex } from '../types.js';

/**
 * Published valid examples of each scheme (the source of each is in docs/nations.md), with what
 * they encode, and near-misses that must fail. `birth` is packed YYYYMMDD; null where the
 * scheme encodes no birth date (or not its century).
 */
interface Vector { id: string; birth?: number; sex?: Sex; name?: PersonName }
const VECTORS: Record<NationCode, { valid: Vector[]; invalid: string[] }> = {
  ALB: { valid: [{ id: 'J00101999W', birth: 19900101, sex: 'male' }, { id: 'J05115999K', birth: 19900115, sex: 'female' }], invalid: ['J00101999X', 'J00230123C', 'Z001011230'] },
  BEL: { valid: [{ id: '85.07.30-033.28', birth: 19850730, sex: 'male' }, { id: '93.05.18-223.61', birth: 19930518, sex: 'male' }], invalid: ['85.07.30-033.29', '85073003328'] },
  BGR: { valid: [{ id: '7523169263', birth: 18750316, sex: 'male' }, { id: '7501020018', birth: 19750102, sex: 'female' }], invalid: ['7523169264', '7513169260'] },
  CAN: { valid: [{ id: '046 454 286' }], invalid: ['046 454 287', '046454286', '846 454 280'] },
  HRV: { valid: [{ id: '69435151530' }, { id: '94577403194' }], invalid: ['69435151531', '6943515153'] },
  CZE: { valid: [{ id: '736028/5163', birth: 19731028, sex: 'female' }], invalid: ['736028/5164', '7360285163'] },
  DNK: { valid: [{ id: '070761-4285', birth: 19610707, sex: 'male' }], invalid: ['070761-4286', '320761-4285'] },
  EST: { valid: [{ id: '37605030299', birth: 19760503, sex: 'male' }], invalid: ['37605030298', '97605030299'] },
  FIN: { valid: [{ id: '131052-308T', birth: 19521013, sex: 'female' }], invalid: ['131052-308U', '131052Z308T', '131052-001H'] },
  FRA: { valid: [{ id: '255081416802538', sex: 'female' }], invalid: ['255081416802539', '355081416802538'] },
  DEU: { valid: [{ id: '86095742719' }, { id: '65929970489' }], invalid: ['86095742718', '06095742719', '12345678903', '65999970489'] },
  GRC: { valid: [{ id: '01013099997' }], invalid: ['01013099998', '32013099990'] },
  HUN: { valid: [{ id: '123 456 788' }, { id: '111 111 110' }], invalid: ['123 456 789', '123456788'] },
  ISL: { valid: [{ id: '120174-3399', birth: 19740112 }], invalid: ['120174-3389', '120174-3391'] },
  ITA: {
    valid: [
      { id: 'RSSMRA85T10A562S', birth: 19851210, sex: 'male', name: { given: 'Mario', family: 'Rossi' } },
      { id: 'MRTMTT25D09F205Z', birth: 19250409, sex: 'male', name: { given: 'Matteo', family: 'Moretti' } },
    ],
    invalid: ['RSSMRA85T10A562T', 'RSSMRA85Z10A562S', 'RSSMRA85T32A562S'],
  },
  LVA: { valid: [{ id: '161175-19997', birth: 19751116 }], invalid: ['161175-19996', '161175-39997'] },
  LTU: { valid: [{ id: '33309240064', birth: 19330924, sex: 'male' }, { id: '39001010077', birth: 19900101, sex: 'male' }], invalid: ['33309240065'] },
  LUX: { valid: [{ id: '1893120105732', birth: 18931201 }], invalid: ['1893120105733', '1893120105722'] },
  MNE: { valid: [{ id: '0101990210005', birth: 19900101, sex: 'male' }], invalid: ['0101990210006', '0101990500003'] },
  NLD: { valid: [{ id: '111222333' }, { id: '123456782' }], invalid: ['123456789', '11122233'] },
  MKD: { valid: [{ id: '0101990410004', birth: 19900101, sex: 'male' }], invalid: ['0101990410005', '0101990210005'] },
  NOR: { valid: [{ id: '17054026641', birth: 19400517, sex: 'female' }, { id: '01010750160', birth: 20070101, sex: 'male' }], invalid: ['17054026642', '17054026631'] },
  POL: { valid: [{ id: '44051401359', birth: 19440514, sex: 'male' }, { id: '02070803628', birth: 19020708, sex: 'female' }], invalid: ['44051401358', '4405140135', '44133101350'] },
  PRT: { valid: [{ id: '00000000 0 ZZ4' }], invalid: ['00000000 0 ZZ5', '000000000ZZ4'] },
  ROU: { valid: [{ id: '1800101221144', birth: 19800101, sex: 'male' }, { id: '1800101226813', birth: 19800101, sex: 'male' }], invalid: ['1800101221145', '1800101991144'] },
  SVK: { valid: [{ id: '736028/5163', birth: 19731028, sex: 'female' }], invalid: ['736028/5164'] },
  SVN: { valid: [{ id: '0101006500006', birth: 20060101, sex: 'male' }], invalid: ['0101006500007', '0101006210009'] },
  ESP: { valid: [{ id: '12345678Z' }], invalid: ['12345678A', '1234567Z'] },
  SWE: { valid: [{ id: '811218-9876', sex: 'male' }, { id: '121212-1212', sex: 'male' }], invalid: ['811218-9877', '8112189876'] },
  TUR: { valid: [{ id: '10000000146' }], invalid: ['10000000147', '00000000146'] },
  GBR: { valid: [{ id: 'AB123456C' }], invalid: ['QQ123456C', 'GB123456A', 'AO123456A', 'AB123456E'] },
  USA: { valid: [{ id: '123-45-6789' }], invalid: ['666-45-6789', '900-45-6789', '000-45-6789', '123-00-6789', '123-45-0000'] },
};

const NAME: PersonName = { given: 'X', family: 'Y' };

describe('published valid examples', () => {
  for (const [nation, { valid, invalid }] of Object.entries(VECTORS) as [NationCode, (typeof VECTORS)[NationCode]][]) {
    const scheme = ID_SCHEMES[nation];
    it(`${nation} ${scheme.scheme}`, () => {
      for (const v of valid) {
        expect(scheme.validate(v.id), v.id).toBe(true);
        if (v.birth !== undefined && v.sex !== undefined) expect(scheme.agrees(v.id, v.birth, v.sex, v.name ?? NAME), v.id).toBe(true);
        if (v.birth !== undefined) {
          const other = v.birth + (v.birth % 100 === 28 ? -1 : 1);
          expect(scheme.agrees(v.id, other, v.sex ?? 'male', v.name ?? NAME), `${v.id} with another birth date`).toBe(false);
        }
        if (v.sex !== undefined && v.birth !== undefined) {
          expect(scheme.agrees(v.id, v.birth, v.sex === 'male' ? 'female' : 'male', v.name ?? NAME), `${v.id} with the other sex`).toBe(false);
        }
      }
      for (const id of invalid) expect(scheme.validate(id), id).toBe(false);
    });
  }

  it('the codice fiscale carries the name letters', () => {
    const scheme = ID_SCHEMES.ITA;
    expect(scheme.agrees('RSSMRA85T10A562S', 19851210, 'male', { given: 'Luigi', family: 'Rossi' })).toBe(false);
    expect(scheme.agrees('RSSMRA85T10A562S', 19851210, 'male', { given: 'Mario', family: 'Bianchi' })).toBe(false);
  });
});
