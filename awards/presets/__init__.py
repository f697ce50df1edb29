"""Seed data shipped with VinhDanh: administrative units and rule-set presets.

Everything here is editable data, loaded idempotently by ``manage.py load_presets``
(see ``awards.presets.loader``). Rounds never read these modules: they read the database,
where each round holds its own copy of a preset.
"""
