// The three-layer erf network of Table 1 (arXiv 2512.04165), described by tags alone.

/**
 * @scaling model three-layer-erf
 * @scaling data gaussian dim=d
 * @scaling target single-index degree=3
 * @scaling layer dense width=N1 activation=erf
 * @scaling layer dense width=N2 activation=erf
 * @scaling readout standard
 * @scaling sizes d=100 N1=10000 N2=100
 * @scaling regime N1=d^2 N2=d
 */
export const threeLayerErf = 'described by the tags above';
