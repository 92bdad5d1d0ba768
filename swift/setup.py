# The ZeroVM Swift middleware as a distribution, so Swift's paste.deploy
# pipelines can name it as `use = egg:zvm_swift#proxy` / `#object`.
# No install step is needed for the dev cluster: zvm_swift.egg-info/ next to
# this file carries the same metadata, and scripts/swift-dev.sh puts this
# directory on PYTHONPATH. Keep the two in step when the entry points change.
from setuptools import setup

setup(
    name='zvm_swift',
    version='0.1',
    description='ZeroVM execution middleware for OpenStack Swift',
    packages=['zvm_swift'],
    entry_points={
        'paste.filter_factory': [
            'proxy = zvm_swift.proxy:filter_factory',
            'object = zvm_swift.objectserver:filter_factory',
        ],
    },
)
