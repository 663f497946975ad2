/**
 * Built-in name lists for the nations the name library has no locale for (§4.1: ALB, BGR,
 * EST, ISL, LTU, MNE). Family names are given in both gendered forms where the language
 * inflects them (Bulgarian -ov/-ova, Lithuanian -as/-ienė, Icelandic -son/-dóttir). These
 * lists are deliberately short for now; the next issue grows them to ≥ 40 per list.
 */
import type { NationCode } from '../../types.js';

export interface NameLists {
  male: readonly string[];
  female: readonly string[];
  /** Family names, male form. */
  familyMale: readonly string[];
  /** Family names, female form, index-aligned with familyMale (absent: same as male). */
  familyFemale?: readonly string[];
}

const bg = (m: string[]): NameLists['familyFemale'] => m.map((n) => `${n}а`);
const BGR_FAMILY = ['Иванов', 'Георгиев', 'Димитров', 'Петров', 'Николов', 'Христов', 'Стоянов', 'Тодоров', 'Илиев', 'Атанасов', 'Василев', 'Маринов'];

const ISL_FATHERS = ['Jóns', 'Sigurðar', 'Guðmundar', 'Gunnars', 'Ólafs', 'Einars', 'Kristjáns', 'Magnúss', 'Stefáns', 'Helga', 'Jóhanns', 'Árna'];

export const BUILTIN_NAMES: Readonly<Partial<Record<NationCode, NameLists>>> = {
  ALB: {
    male: ['Arben', 'Besnik', 'Dritan', 'Ermal', 'Fatmir', 'Gentian', 'Ilir', 'Klodian', 'Luan', 'Mentor', 'Arjan', 'Blerim'],
    female: ['Anila', 'Blerta', 'Drita', 'Elona', 'Fatjona', 'Genta', 'Jonida', 'Klea', 'Lindita', 'Mirela', 'Ornela', 'Valbona'],
    familyMale: ['Hoxha', 'Shehu', 'Dervishi', 'Kola', 'Leka', 'Gjoka', 'Basha', 'Çela', 'Krasniqi', 'Marku', 'Prifti', 'Toska'],
  },
  BGR: {
    male: ['Георги', 'Иван', 'Димитър', 'Николай', 'Петър', 'Христо', 'Стоян', 'Тодор', 'Васил', 'Александър', 'Красимир', 'Владимир'],
    female: ['Мария', 'Иванка', 'Елена', 'Йорданка', 'Пенка', 'Десислава', 'Виктория', 'Гергана', 'Надежда', 'Милена', 'Цветелина', 'Радка'],
    familyMale: BGR_FAMILY,
    familyFemale: bg(BGR_FAMILY),
  },
  EST: {
    male: ['Andres', 'Jaan', 'Mart', 'Toomas', 'Tõnu', 'Rein', 'Priit', 'Margus', 'Kristjan', 'Siim', 'Rasmus', 'Indrek'],
    female: ['Kadri', 'Maarja', 'Liis', 'Tiina', 'Kristiina', 'Triin', 'Anu', 'Kersti', 'Mari', 'Eha', 'Helen', 'Piret'],
    familyMale: ['Tamm', 'Saar', 'Sepp', 'Mägi', 'Kask', 'Kukk', 'Rebane', 'Ilves', 'Pärn', 'Koppel', 'Lepik', 'Oja'],
  },
  ISL: {
    male: ['Jón', 'Sigurður', 'Guðmundur', 'Gunnar', 'Ólafur', 'Einar', 'Kristján', 'Magnús', 'Stefán', 'Helgi', 'Jóhann', 'Árni'],
    female: ['Guðrún', 'Anna', 'Kristín', 'Sigríður', 'Margrét', 'Helga', 'Sigrún', 'Ingibjörg', 'Jóhanna', 'María', 'Katrín', 'Elín'],
    familyMale: ISL_FATHERS.map((f) => `${f}son`),
    familyFemale: ISL_FATHERS.map((f) => `${f}dóttir`),
  },
  LTU: {
    male: ['Jonas', 'Tomas', 'Mantas', 'Lukas', 'Darius', 'Andrius', 'Mindaugas', 'Paulius', 'Vytautas', 'Giedrius', 'Marius', 'Justinas'],
    female: ['Rūta', 'Lina', 'Eglė', 'Jurgita', 'Ieva', 'Gintarė', 'Agnė', 'Inga', 'Kristina', 'Monika', 'Laura', 'Aistė'],
    familyMale: ['Kazlauskas', 'Jankauskas', 'Petrauskas', 'Stankevičius', 'Vasiliauskas', 'Žukauskas', 'Butkus', 'Paulauskas',
      'Urbonas', 'Kavaliauskas', 'Navickas', 'Ramanauskas'],
    familyFemale: ['Kazlauskienė', 'Jankauskienė', 'Petrauskienė', 'Stankevičienė', 'Vasiliauskienė', 'Žukauskienė', 'Butkienė',
      'Paulauskienė', 'Urbonienė', 'Kavaliauskienė', 'Navickienė', 'Ramanauskienė'],
  },
  MNE: {
    male: ['Marko', 'Nikola', 'Stefan', 'Milan', 'Luka', 'Petar', 'Vuk', 'Filip', 'Nemanja', 'Dragan', 'Miloš', 'Vladimir'],
    female: ['Milica', 'Jelena', 'Ana', 'Marija', 'Jovana', 'Ivana', 'Sanja', 'Tijana', 'Dragana', 'Kristina', 'Maja', 'Teodora'],
    familyMale: ['Popović', 'Vujović', 'Radović', 'Đukanović', 'Vuković', 'Marković', 'Perović', 'Petrović', 'Božović', 'Nikolić',
      'Lazović', 'Jovanović'],
  },
};
