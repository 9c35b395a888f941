"""NIST StRD nonlinear regression reference problems used by packages/fitters/src/internal/lm.test.ts.

Data and certified values: https://www.itl.nist.gov/div898/strd/nls/nls_main.shtml
(Misra1a, DanWood, BoxBOD). This script checks the transcribed data by refitting with
scipy.optimize.curve_fit (method='lm') and printing the certified vs scipy estimates and SEs.
"""
import numpy as np
from scipy.optimize import curve_fit

problems = {
    "Misra1a": dict(
        f=lambda x, b1, b2: b1 * (1 - np.exp(-b2 * x)),
        x=[77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1, 689.1, 760.0],
        y=[10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.40, 75.47, 81.78],
        start=[500, 1e-4],
        cert=[2.3894212918e02, 5.5015643181e-04], se=[2.7070075241e00, 7.2668688436e-06],
    ),
    "DanWood": dict(
        f=lambda x, b1, b2: b1 * x**b2,
        x=[1.309, 1.471, 1.490, 1.565, 1.611, 1.680],
        y=[2.138, 3.421, 3.597, 4.340, 4.882, 5.660],
        start=[1, 5],
        cert=[7.6886226176e-01, 3.8604055871e00], se=[1.8281973860e-02, 5.1726610913e-02],
    ),
    "BoxBOD": dict(
        f=lambda x, b1, b2: b1 * (1 - np.exp(-b2 * x)),
        x=[1, 2, 3, 5, 7, 10],
        y=[109, 149, 149, 191, 213, 224],
        start=[100, 0.75],
        cert=[2.1380940889e02, 5.4723748542e-01], se=[1.2354515176e01, 1.0455993237e-01],
    ),
}
for name, p in problems.items():
    popt, pcov = curve_fit(p["f"], np.array(p["x"], float), np.array(p["y"], float), p0=p["start"], method="lm", xtol=1e-15, ftol=1e-15, maxfev=100000)
    print(name, "scipy", popt.tolist(), np.sqrt(np.diag(pcov)).tolist())
    print(name, "cert ", p["cert"], p["se"])
    print(name, "rel err", (np.abs(popt - p["cert"]) / np.abs(p["cert"])).tolist())
