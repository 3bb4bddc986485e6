// The MAT-file reader on files written by the test writer, with the structures of the releases.
import { strict as assert } from 'node:assert';
import {
  MatFormatError,
  matScalar,
  matText,
  readMatFile,
} from '../../../../src/core/import/native/matV5Reader';
import type { MatCell, MatNumeric, MatStruct } from '../../../../src/core/import/native/matV5Reader';
import { mat, writeMatBytes } from './matV5Writer';

describe('MATLAB v5 reader', () => {
  for (const compress of [false, true]) {
    it(`reads a Stanford Dogs list: cell of char, double column${compress ? ' (compressed)' : ''}`, () => {
      const bytes = writeMatBytes(
        {
          file_list: mat.cell([
            mat.char('n02085620-Chihuahua/n02085620_5927.jpg'),
            mat.char('n02086240-Shih-Tzu/a.jpg'),
          ]),
          labels: mat.double([1, 2]),
        },
        { compress },
      );
      const vars = readMatFile(bytes);
      const list = vars.get('file_list') as MatCell;
      assert.equal(list.kind, 'cell');
      assert.deepEqual(list.dims, [2, 1]);
      assert.deepEqual(list.cells.map(matText), [
        'n02085620-Chihuahua/n02085620_5927.jpg',
        'n02086240-Shih-Tzu/a.jpg',
      ]);
      assert.deepEqual((vars.get('labels') as MatNumeric).data, [1, 2]);
    });
  }

  it('reads a struct array with fields, uint8 and double values and non-ASCII text', () => {
    const bytes = writeMatBytes({
      annotations: mat.struct(
        ['relative_im_path', 'class', 'test'],
        [
          {
            relative_im_path: mat.char('car_ims/000001.jpg'),
            class: mat.uint8([7], [1, 1]),
            test: mat.scalar(0),
          },
          { relative_im_path: mat.char('car_ims/Citroën.jpg'), class: mat.scalar(196), test: mat.scalar(1) },
        ],
      ),
      x: mat.scalar(3.5),
    });
    const vars = readMatFile(bytes);
    const annos = vars.get('annotations') as MatStruct;
    assert.deepEqual(annos.fields, ['relative_im_path', 'class', 'test']);
    assert.equal(annos.elements.length, 2);
    assert.equal(matText(annos.elements[1]?.['relative_im_path']), 'car_ims/Citroën.jpg');
    assert.equal(matScalar(annos.elements[0]?.['class']), 7);
    assert.equal(matScalar(annos.elements[1]?.['class']), 196);
    assert.equal(matScalar(vars.get('x')), 3.5, 'a one-letter name uses the small element format');
  });

  it('refuses a file that is not a Level 5 MAT-file, and an HDF5 (v7.3) one, saying which', () => {
    assert.throws(() => readMatFile(Buffer.from('hello')), MatFormatError);
    const hdf5 = Buffer.alloc(200);
    hdf5.write('MATLAB 7.3 MAT-file, Platform: GLNXA64', 0, 'latin1');
    assert.throws(() => readMatFile(hdf5), /7\.3 \(HDF5\)/);
  });

  it('refuses a sparse array naming the variable, and a truncated file', () => {
    assert.throws(
      () => readMatFile(writeMatBytes({ sp: { t: 'sparse' } })),
      /"sp": a sparse array is not supported/,
    );
    const bytes = writeMatBytes({ labels: mat.double([1, 2, 3, 4]) });
    assert.throws(() => readMatFile(bytes.subarray(0, bytes.length - 12)), /ends inside a data element/);
  });

  it('reports a damaged compressed element', () => {
    const bytes = writeMatBytes({ labels: mat.double([1, 2, 3]) }, { compress: true });
    bytes.fill(0, 140, 150);
    assert.throws(() => readMatFile(bytes), /compressed element at byte 128/);
  });
});
