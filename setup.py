"""Packaging shim: ships templates/ and static/ (kept beside the package) inside the wheel."""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["interview", "interview.*"]),
        "interview.templates",
        "interview.static",
    ],
    package_dir={"interview.templates": "templates", "interview.static": "static"},
)
