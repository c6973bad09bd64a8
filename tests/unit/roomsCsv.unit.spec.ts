// The school's room list as CSV: every row is checked first; each problem is one line naming the file's line.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES } from '../../domain/index.js';
import { readRoomsCsv } from '../../infra/cli/roomsCsv.js';

describe('reading rooms.csv', () => {
  it('reads rooms with a header, in any column order, by category slug or its Russian name', () => {
    const csv = '\uFEFFname,number,category,floor\nКабинет информатики,204,it,2\n,1A,Оборудование,1\nСпортзал,sportzal,хозчасть и ремонт,\n\n';
    expect(readRoomsCsv(csv, DEFAULT_CATEGORIES)).toEqual({
      rooms: [
        { number: '204', name: 'Кабинет информатики', floor: 2, category: 'it' },
        { number: '1a', name: '', floor: 1, category: 'equipment' },
        { number: 'sportzal', name: 'Спортзал', floor: null, category: 'maintenance' },
      ],
      problems: [],
    });
  });

  it('reads a spreadsheet saved with ; and Russian headers', () => {
    const csv = 'Номер;Название;Этаж;Категория\n"12";"Кабинет химии; лаборантская";3;safety\n';
    expect(readRoomsCsv(csv, DEFAULT_CATEGORIES).rooms).toEqual([{ number: '12', name: 'Кабинет химии; лаборантская', floor: 3, category: 'safety' }]);
  });

  it('names every problem with its line and returns no rooms when any row is bad', () => {
    const csv = [
      'number,name,floor,category',
      '204,Информатика,2,it',
      '205,,второй,it',
      'каб 5,,1,it',
      '7,,1,stuff',
      '204,Повтор,2,it',
      ',,1,',
    ].join('\n');
    expect(readRoomsCsv(csv, DEFAULT_CATEGORIES)).toEqual({
      rooms: [],
      problems: [
        'line 3: floor «второй» is not a whole number from -5 to 50 (or empty)',
        'line 4: number «каб 5» may hold only latin letters, digits, - and _ (at most 24): it goes into a Telegram link',
        'line 5: category «stuff» is not one of: it, equipment, maintenance, cleaning, safety, other',
        'line 6: room 204 is already on line 2',
        'line 7: number is empty',
        'line 7: category is empty (one of: it, equipment, maintenance, cleaning, safety, other)',
      ],
    });
  });

  it('says what the header lacks, and that an empty file names no rooms', () => {
    expect(readRoomsCsv('number,name\n204,x\n', DEFAULT_CATEGORIES).problems).toEqual([
      'line 1: the header row must name the columns number, name, floor, category (missing: floor, category; found: number, name)',
    ]);
    expect(readRoomsCsv('number,name,floor,category\n', DEFAULT_CATEGORIES).problems).toEqual(['the file names no rooms (a header row, then one room per line)']);
    expect(readRoomsCsv('number,name,floor,category\n"204,x,1,it\n', DEFAULT_CATEGORIES).problems).toHaveLength(1);
  });
});
