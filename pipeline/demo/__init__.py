"""The bundled sample site: an offline imitation of www.spp.gov.cn and en.spp.gov.cn.

``sitegen`` renders releases.yaml into static pages under ``site/``; ``server.serve_site()``
serves them on 127.0.0.1 for ``crimestats demo`` and the tests.
"""

from pipeline.demo.server import serve_site

__all__ = ["serve_site"]
