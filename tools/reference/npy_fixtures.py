"""Golden .npy/.npz bytes for packages/core/src/npy.test.ts, written by numpy itself (base64).

Run: python3 tools/reference/npy_fixtures.py
The arrays are small and exactly representable, so the test states their values literally.
"""
import base64
import io
import zipfile

import numpy as np


def npy(a, version=None):
    b = io.BytesIO()
    if version is None:
        np.save(b, a)
    else:
        np.lib.format.write_array(b, a, version=version)
    return base64.b64encode(b.getvalue()).decode()


a23 = np.arange(6, dtype='<f8').reshape(2, 3) / 4 - 0.5   # [[-0.5,-0.25,0],[0.25,0.5,0.75]]
out = {
    'f8_c': npy(a23),
    'f4_fortran': npy(np.asfortranarray(a23.astype('<f4'))),
    'f8_be': npy(a23.astype('>f8')),
    'i8_3d_fortran': npy(np.asfortranarray(np.arange(24, dtype='<i8').reshape(2, 3, 4) - 5)),
    'u1_v2': npy(np.array([0, 1, 254, 255], dtype='|u1'), version=(2, 0)),
    'i2_be': npy(np.array([-32768, -1, 0, 32767], dtype='>i2')),
    'b1_scalar': npy(np.array(True)),
    'u4_v3': npy(np.array([[4294967295], [7]], dtype='<u4'), version=(3, 0)),
    'object': npy(np.array([1, 'a'], dtype=object)) if False else None,
    'c16': npy(np.array([1 + 2j])),
    'structured': npy(np.zeros(2, dtype=[('x', '<f8'), ('y', '<i4')])),
}
for k, v in out.items():
    if v is not None:
        print(f"  {k}: '{v}',")

# npz: one stored and one deflated archive, as numpy.savez / savez_compressed write them
for fn, label in [(np.savez, 'npz_stored'), (np.savez_compressed, 'npz_deflated')]:
    b = io.BytesIO()
    fn(b, w=np.arange(4, dtype='<f4').reshape(2, 2), **{'layer1.0.bn1.running_mean': np.array([1.5, -2.0])})
    print(f"  {label}: '{base64.b64encode(b.getvalue()).decode()}',")
