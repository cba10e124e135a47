"""The core schema that validates a registry, generated from portreg.models: do not edit.

Regenerate with ``python -m portreg.loading.core_schema_gen --write`` (``make docs``).
"""

from __future__ import annotations

from typing import Any

from portreg import records

SCHEMA: dict[str, Any] = {
    'type': 'definitions',
    'schema': {
        'type': 'model',
        'cls': records.record_class('Registry', records.RegistryMethods),
        'schema': {
            'type': 'model-fields',
            'fields': {
                'portreg': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'literal',
                        'expected': [
                            1,
                        ],
                    },
                },
                'title': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'str',
                        'min_length': 1,
                        'strip_whitespace': True,
                    },
                },
                'version': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'str',
                        'pattern': '^[0-9]+(\\.[0-9]+)*$',
                    },
                },
                'updated': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'function-before',
                        'function': {
                            'type': 'no-info',
                            'function': records.parse_date,
                        },
                        'schema': {
                            'type': 'date',
                        },
                    },
                },
                'status': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'default',
                        'schema': {
                            'type': 'nullable',
                            'schema': {
                                'type': 'str',
                                'min_length': 1,
                                'strip_whitespace': True,
                            },
                        },
                        'default': None,
                    },
                },
                'created': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'default',
                        'schema': {
                            'type': 'nullable',
                            'schema': {
                                'type': 'function-before',
                                'function': {
                                    'type': 'no-info',
                                    'function': records.parse_date,
                                },
                                'schema': {
                                    'type': 'date',
                                },
                            },
                        },
                        'default': None,
                    },
                },
                'related': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'default',
                        'schema': {
                            'type': 'list',
                            'items_schema': {
                                'type': 'str',
                                'min_length': 1,
                                'strip_whitespace': True,
                            },
                        },
                        'default_factory': list,
                        'default_factory_takes_data': False,
                    },
                },
                'authors': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'default',
                        'schema': {
                            'type': 'list',
                            'items_schema': {
                                'type': 'str',
                                'min_length': 1,
                                'strip_whitespace': True,
                            },
                        },
                        'default_factory': list,
                        'default_factory_takes_data': False,
                    },
                },
                'reviewers': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'default',
                        'schema': {
                            'type': 'list',
                            'items_schema': {
                                'type': 'str',
                                'min_length': 1,
                                'strip_whitespace': True,
                            },
                        },
                        'default_factory': list,
                        'default_factory_takes_data': False,
                    },
                },
                'description': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'default',
                        'schema': {
                            'type': 'nullable',
                            'schema': {
                                'type': 'str',
                                'min_length': 1,
                                'strip_whitespace': True,
                            },
                        },
                        'default': None,
                    },
                },
                'tiers': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'dict',
                        'keys_schema': {
                            'type': 'str',
                            'max_length': 63,
                            'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                        },
                        'values_schema': {
                            'type': 'model',
                            'cls': records.record_class('Tier'),
                            'schema': {
                                'type': 'model-fields',
                                'fields': {
                                    'title': {
                                        'type': 'model-field',
                                        'schema': {
                                            'type': 'default',
                                            'schema': {
                                                'type': 'nullable',
                                                'schema': {
                                                    'type': 'str',
                                                    'min_length': 1,
                                                    'strip_whitespace': True,
                                                },
                                            },
                                            'default': None,
                                        },
                                    },
                                    'description': {
                                        'type': 'model-field',
                                        'schema': {
                                            'type': 'default',
                                            'schema': {
                                                'type': 'nullable',
                                                'schema': {
                                                    'type': 'str',
                                                    'min_length': 1,
                                                    'strip_whitespace': True,
                                                },
                                            },
                                            'default': None,
                                        },
                                    },
                                    'symbol': {
                                        'type': 'model-field',
                                        'schema': {
                                            'type': 'default',
                                            'schema': {
                                                'type': 'nullable',
                                                'schema': {
                                                    'type': 'str',
                                                    'pattern': '^[A-Z][A-Za-z0-9]*$',
                                                },
                                            },
                                            'default': None,
                                        },
                                    },
                                    'range': {
                                        'type': 'model-field',
                                        'schema': {
                                            'type': 'default',
                                            'schema': {
                                                'type': 'nullable',
                                                'schema': {
                                                    'type': 'function-before',
                                                    'function': {
                                                        'type': 'no-info',
                                                        'function': records.parse_range,
                                                    },
                                                    'schema': {
                                                        'type': 'definition-ref',
                                                        'schema_ref': 'PortRange',
                                                    },
                                                },
                                            },
                                            'default': None,
                                        },
                                    },
                                },
                                'model_name': 'Tier',
                                'computed_fields': [],
                            },
                            'custom_init': False,
                            'root_model': False,
                            'config': {
                                'strict': True,
                                'extra_fields_behavior': 'forbid',
                                'title': 'Tier',
                            },
                            'ref': 'Tier',
                        },
                        'min_length': 1,
                    },
                },
                'scopes': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'default',
                        'schema': {
                            'type': 'dict',
                            'keys_schema': {
                                'type': 'str',
                                'max_length': 63,
                                'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                            },
                            'values_schema': {
                                'type': 'model',
                                'cls': records.record_class('Scope'),
                                'schema': {
                                    'type': 'model-fields',
                                    'fields': {
                                        'kind': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'literal',
                                                        'expected': [
                                                            'host',
                                                            'isolated',
                                                            'nodeport',
                                                        ],
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'title': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'min_length': 1,
                                                        'strip_whitespace': True,
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'description': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'min_length': 1,
                                                        'strip_whitespace': True,
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'nodeport_range': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'function-before',
                                                        'function': {
                                                            'type': 'no-info',
                                                            'function': records.parse_range,
                                                        },
                                                        'schema': {
                                                            'type': 'definition-ref',
                                                            'schema_ref': 'PortRange',
                                                        },
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'config': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'min_length': 1,
                                                        'strip_whitespace': True,
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'ranges': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'dict',
                                                    'keys_schema': {
                                                        'type': 'str',
                                                        'max_length': 63,
                                                        'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                    },
                                                    'values_schema': {
                                                        'type': 'function-before',
                                                        'function': {
                                                            'type': 'no-info',
                                                            'function': records.parse_range,
                                                        },
                                                        'schema': {
                                                            'type': 'definition-ref',
                                                            'schema_ref': 'PortRange',
                                                        },
                                                    },
                                                },
                                                'default_factory': dict,
                                                'default_factory_takes_data': False,
                                            },
                                        },
                                        'ports': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'dict',
                                                    'keys_schema': {
                                                        'type': 'str',
                                                        'max_length': 63,
                                                        'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                    },
                                                    'values_schema': {
                                                        'type': 'dict',
                                                        'keys_schema': {
                                                            'type': 'str',
                                                            'max_length': 63,
                                                            'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                        },
                                                        'values_schema': {
                                                            'type': 'tagged-union',
                                                            'choices': {
                                                                '@allocation': {
                                                                    'type': 'function-before',
                                                                    'function': {
                                                                        'type': 'no-info',
                                                                        'function': records.allocation_from_number,
                                                                    },
                                                                    'schema': {
                                                                        'type': 'definition-ref',
                                                                        'schema_ref': 'Allocation',
                                                                    },
                                                                },
                                                                '@instances': {
                                                                    'type': 'function-after',
                                                                    'function': {
                                                                        'type': 'no-info',
                                                                        'function': records.constraint('min_length_validator', min_length=1),
                                                                    },
                                                                    'schema': {
                                                                        'type': 'function-after',
                                                                        'function': {
                                                                            'type': 'no-info',
                                                                            'function': records.named_instances,
                                                                        },
                                                                        'schema': {
                                                                            'type': 'list',
                                                                            'items_schema': {
                                                                                'type': 'function-before',
                                                                                'function': {
                                                                                    'type': 'no-info',
                                                                                    'function': records.allocation_from_number,
                                                                                },
                                                                                'schema': {
                                                                                    'type': 'definition-ref',
                                                                                    'schema_ref': 'Allocation',
                                                                                },
                                                                            },
                                                                        },
                                                                    },
                                                                },
                                                            },
                                                            'discriminator': records.slot_kind,
                                                        },
                                                    },
                                                },
                                                'default_factory': dict,
                                                'default_factory_takes_data': False,
                                            },
                                        },
                                        'services': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'list',
                                                    'items_schema': {
                                                        'type': 'str',
                                                        'max_length': 63,
                                                        'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                    },
                                                },
                                                'default_factory': list,
                                                'default_factory_takes_data': False,
                                            },
                                        },
                                    },
                                    'model_name': 'Scope',
                                    'computed_fields': [],
                                },
                                'custom_init': False,
                                'root_model': False,
                                'config': {
                                    'strict': True,
                                    'extra_fields_behavior': 'forbid',
                                    'title': 'Scope',
                                },
                                'ref': 'Scope',
                            },
                        },
                        'default_factory': dict,
                        'default_factory_takes_data': False,
                    },
                },
                'components': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'dict',
                        'keys_schema': {
                            'type': 'str',
                            'max_length': 63,
                            'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                        },
                        'values_schema': {
                            'type': 'model',
                            'cls': records.record_class('Component'),
                            'schema': {
                                'type': 'model-fields',
                                'fields': {
                                    'title': {
                                        'type': 'model-field',
                                        'schema': {
                                            'type': 'default',
                                            'schema': {
                                                'type': 'nullable',
                                                'schema': {
                                                    'type': 'str',
                                                    'min_length': 1,
                                                    'strip_whitespace': True,
                                                },
                                            },
                                            'default': None,
                                        },
                                    },
                                    'description': {
                                        'type': 'model-field',
                                        'schema': {
                                            'type': 'default',
                                            'schema': {
                                                'type': 'nullable',
                                                'schema': {
                                                    'type': 'str',
                                                    'min_length': 1,
                                                    'strip_whitespace': True,
                                                },
                                            },
                                            'default': None,
                                        },
                                    },
                                    'symbol': {
                                        'type': 'model-field',
                                        'schema': {
                                            'type': 'default',
                                            'schema': {
                                                'type': 'nullable',
                                                'schema': {
                                                    'type': 'str',
                                                    'pattern': '^[A-Z][A-Za-z0-9]*$',
                                                },
                                            },
                                            'default': None,
                                        },
                                    },
                                    'ranges': {
                                        'type': 'model-field',
                                        'schema': {
                                            'type': 'default',
                                            'schema': {
                                                'type': 'dict',
                                                'keys_schema': {
                                                    'type': 'str',
                                                    'max_length': 63,
                                                    'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                },
                                                'values_schema': {
                                                    'type': 'function-before',
                                                    'function': {
                                                        'type': 'no-info',
                                                        'function': records.parse_range,
                                                    },
                                                    'schema': {
                                                        'type': 'definition-ref',
                                                        'schema_ref': 'PortRange',
                                                    },
                                                },
                                            },
                                            'default_factory': dict,
                                            'default_factory_takes_data': False,
                                        },
                                    },
                                    'nodeport_ranges': {
                                        'type': 'model-field',
                                        'schema': {
                                            'type': 'default',
                                            'schema': {
                                                'type': 'dict',
                                                'keys_schema': {
                                                    'type': 'str',
                                                    'max_length': 63,
                                                    'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                },
                                                'values_schema': {
                                                    'type': 'function-before',
                                                    'function': {
                                                        'type': 'no-info',
                                                        'function': records.parse_range,
                                                    },
                                                    'schema': {
                                                        'type': 'definition-ref',
                                                        'schema_ref': 'PortRange',
                                                    },
                                                },
                                            },
                                            'default_factory': dict,
                                            'default_factory_takes_data': False,
                                        },
                                    },
                                    'container_port': {
                                        'type': 'model-field',
                                        'schema': {
                                            'type': 'default',
                                            'schema': {
                                                'type': 'nullable',
                                                'schema': {
                                                    'type': 'int',
                                                },
                                            },
                                            'default': None,
                                        },
                                    },
                                    'names': {
                                        'type': 'model-field',
                                        'schema': {
                                            'type': 'default',
                                            'schema': {
                                                'type': 'list',
                                                'items_schema': {
                                                    'type': 'str',
                                                    'min_length': 1,
                                                    'strip_whitespace': True,
                                                },
                                            },
                                            'default_factory': list,
                                            'default_factory_takes_data': False,
                                        },
                                    },
                                },
                                'model_name': 'Component',
                                'computed_fields': [],
                            },
                            'custom_init': False,
                            'root_model': False,
                            'config': {
                                'strict': True,
                                'extra_fields_behavior': 'forbid',
                                'title': 'Component',
                            },
                            'ref': 'Component',
                        },
                        'min_length': 1,
                    },
                },
                'services': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'default',
                        'schema': {
                            'type': 'dict',
                            'keys_schema': {
                                'type': 'str',
                                'max_length': 63,
                                'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                            },
                            'values_schema': {
                                'type': 'model',
                                'cls': records.record_class('Service', records.ServiceMethods),
                                'schema': {
                                    'type': 'model-fields',
                                    'fields': {
                                        'title': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'min_length': 1,
                                                        'strip_whitespace': True,
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'owner': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'min_length': 1,
                                                        'strip_whitespace': True,
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'description': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'min_length': 1,
                                                        'strip_whitespace': True,
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'purpose': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'min_length': 1,
                                                        'strip_whitespace': True,
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'status': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'min_length': 1,
                                                        'strip_whitespace': True,
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'config_files': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'list',
                                                    'items_schema': {
                                                        'type': 'str',
                                                        'min_length': 1,
                                                        'strip_whitespace': True,
                                                    },
                                                },
                                                'default_factory': list,
                                                'default_factory_takes_data': False,
                                            },
                                        },
                                        'urls': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'list',
                                                    'items_schema': {
                                                        'type': 'str',
                                                        'min_length': 1,
                                                        'strip_whitespace': True,
                                                    },
                                                },
                                                'default_factory': list,
                                                'default_factory_takes_data': False,
                                            },
                                        },
                                        'production': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'dict',
                                                    'keys_schema': {
                                                        'type': 'str',
                                                        'max_length': 63,
                                                        'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                    },
                                                    'values_schema': {
                                                        'type': 'int',
                                                    },
                                                },
                                                'default_factory': dict,
                                                'default_factory_takes_data': False,
                                            },
                                        },
                                        'symbol': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'pattern': '^[A-Z][A-Za-z0-9]*$',
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'paths': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'list',
                                                    'items_schema': {
                                                        'type': 'str',
                                                        'min_length': 1,
                                                        'strip_whitespace': True,
                                                    },
                                                },
                                                'default_factory': list,
                                                'default_factory_takes_data': False,
                                            },
                                        },
                                        'part_of': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'max_length': 63,
                                                        'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'ports': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'dict',
                                                    'keys_schema': {
                                                        'type': 'str',
                                                        'max_length': 63,
                                                        'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                    },
                                                    'values_schema': {
                                                        'type': 'dict',
                                                        'keys_schema': {
                                                            'type': 'str',
                                                            'max_length': 63,
                                                            'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                        },
                                                        'values_schema': {
                                                            'type': 'tagged-union',
                                                            'choices': {
                                                                '@allocation': {
                                                                    'type': 'function-before',
                                                                    'function': {
                                                                        'type': 'no-info',
                                                                        'function': records.allocation_from_number,
                                                                    },
                                                                    'schema': {
                                                                        'type': 'definition-ref',
                                                                        'schema_ref': 'Allocation',
                                                                    },
                                                                },
                                                                '@instances': {
                                                                    'type': 'function-after',
                                                                    'function': {
                                                                        'type': 'no-info',
                                                                        'function': records.constraint('min_length_validator', min_length=1),
                                                                    },
                                                                    'schema': {
                                                                        'type': 'function-after',
                                                                        'function': {
                                                                            'type': 'no-info',
                                                                            'function': records.named_instances,
                                                                        },
                                                                        'schema': {
                                                                            'type': 'list',
                                                                            'items_schema': {
                                                                                'type': 'function-before',
                                                                                'function': {
                                                                                    'type': 'no-info',
                                                                                    'function': records.allocation_from_number,
                                                                                },
                                                                                'schema': {
                                                                                    'type': 'definition-ref',
                                                                                    'schema_ref': 'Allocation',
                                                                                },
                                                                            },
                                                                        },
                                                                    },
                                                                },
                                                            },
                                                            'discriminator': records.slot_kind,
                                                        },
                                                    },
                                                },
                                                'default_factory': dict,
                                                'default_factory_takes_data': False,
                                            },
                                        },
                                        'blocks': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'dict',
                                                    'keys_schema': {
                                                        'type': 'str',
                                                        'max_length': 63,
                                                        'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                    },
                                                    'values_schema': {
                                                        'type': 'tagged-union',
                                                        'choices': {
                                                            '@range': {
                                                                'type': 'function-before',
                                                                'function': {
                                                                    'type': 'no-info',
                                                                    'function': records.parse_range,
                                                                },
                                                                'schema': {
                                                                    'type': 'definition-ref',
                                                                    'schema_ref': 'PortRange',
                                                                },
                                                            },
                                                            '@components': {
                                                                'type': 'dict',
                                                                'keys_schema': {
                                                                    'type': 'str',
                                                                    'max_length': 63,
                                                                    'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                                },
                                                                'values_schema': {
                                                                    'type': 'function-before',
                                                                    'function': {
                                                                        'type': 'no-info',
                                                                        'function': records.parse_range,
                                                                    },
                                                                    'schema': {
                                                                        'type': 'definition-ref',
                                                                        'schema_ref': 'PortRange',
                                                                    },
                                                                },
                                                            },
                                                        },
                                                        'discriminator': records.block_kind,
                                                    },
                                                },
                                                'default_factory': dict,
                                                'default_factory_takes_data': False,
                                            },
                                        },
                                        'workers': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'dict',
                                                    'keys_schema': {
                                                        'type': 'str',
                                                        'max_length': 63,
                                                        'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                    },
                                                    'values_schema': {
                                                        'type': 'model',
                                                        'cls': records.record_class('Workers'),
                                                        'schema': {
                                                            'type': 'model-fields',
                                                            'fields': {
                                                                'count': {
                                                                    'type': 'model-field',
                                                                    'schema': {
                                                                        'type': 'int',
                                                                        'ge': 1,
                                                                    },
                                                                },
                                                                'stride': {
                                                                    'type': 'model-field',
                                                                    'schema': {
                                                                        'type': 'tagged-union',
                                                                        'choices': {
                                                                            '@stride': {
                                                                                'type': 'int',
                                                                                'ge': 1,
                                                                            },
                                                                            '@components': {
                                                                                'type': 'dict',
                                                                                'keys_schema': {
                                                                                    'type': 'str',
                                                                                    'max_length': 63,
                                                                                    'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                                                },
                                                                                'values_schema': {
                                                                                    'type': 'int',
                                                                                    'ge': 0,
                                                                                },
                                                                            },
                                                                        },
                                                                        'discriminator': records.stride_kind,
                                                                    },
                                                                },
                                                            },
                                                            'model_name': 'Workers',
                                                            'computed_fields': [],
                                                        },
                                                        'custom_init': False,
                                                        'root_model': False,
                                                        'config': {
                                                            'strict': True,
                                                            'extra_fields_behavior': 'forbid',
                                                            'title': 'Workers',
                                                        },
                                                        'ref': 'Workers',
                                                    },
                                                },
                                                'default_factory': dict,
                                                'default_factory_takes_data': False,
                                            },
                                        },
                                    },
                                    'model_name': 'Service',
                                    'computed_fields': [],
                                },
                                'custom_init': False,
                                'root_model': False,
                                'config': {
                                    'strict': True,
                                    'extra_fields_behavior': 'forbid',
                                    'title': 'Service',
                                },
                                'ref': 'Service',
                            },
                        },
                        'default_factory': dict,
                        'default_factory_takes_data': False,
                    },
                },
                'reserved': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'default',
                        'schema': {
                            'type': 'list',
                            'items_schema': {
                                'type': 'model',
                                'cls': records.record_class('Reservation'),
                                'schema': {
                                    'type': 'model-fields',
                                    'fields': {
                                        'port': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'function-before',
                                                'function': {
                                                    'type': 'no-info',
                                                    'function': records.parse_range,
                                                },
                                                'schema': {
                                                    'type': 'definition-ref',
                                                    'schema_ref': 'PortRange',
                                                },
                                            },
                                        },
                                        'protocol': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'union',
                                                    'choices': [
                                                        {
                                                            'type': 'literal',
                                                            'expected': [
                                                                'tcp',
                                                                'udp',
                                                            ],
                                                        },
                                                        {
                                                            'type': 'literal',
                                                            'expected': [
                                                                'any',
                                                            ],
                                                        },
                                                    ],
                                                },
                                                'default': 'any',
                                            },
                                        },
                                        'scope': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'str',
                                                    'max_length': 63,
                                                    'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                },
                                                'default': 'host',
                                            },
                                        },
                                        'service': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'max_length': 63,
                                                        'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'reason': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'str',
                                                'min_length': 3,
                                                'strip_whitespace': True,
                                            },
                                        },
                                    },
                                    'model_name': 'Reservation',
                                    'computed_fields': [],
                                },
                                'custom_init': False,
                                'root_model': False,
                                'config': {
                                    'strict': True,
                                    'extra_fields_behavior': 'forbid',
                                    'title': 'Reservation',
                                },
                                'ref': 'Reservation',
                            },
                        },
                        'default_factory': list,
                        'default_factory_takes_data': False,
                    },
                },
                'shares': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'default',
                        'schema': {
                            'type': 'list',
                            'items_schema': {
                                'type': 'model',
                                'cls': records.record_class('Share'),
                                'schema': {
                                    'type': 'model-fields',
                                    'fields': {
                                        'port': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'int',
                                            },
                                        },
                                        'protocol': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'literal',
                                                    'expected': [
                                                        'tcp',
                                                        'udp',
                                                    ],
                                                },
                                                'default': 'tcp',
                                            },
                                        },
                                        'scope': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'str',
                                                    'max_length': 63,
                                                    'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                },
                                                'default': 'host',
                                            },
                                        },
                                        'services': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'list',
                                                'items_schema': {
                                                    'type': 'str',
                                                    'max_length': 63,
                                                    'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                },
                                                'min_length': 1,
                                            },
                                        },
                                        'reason': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'str',
                                                'min_length': 3,
                                                'strip_whitespace': True,
                                            },
                                        },
                                        'concurrent': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'bool',
                                                },
                                                'default': False,
                                            },
                                        },
                                    },
                                    'model_name': 'Share',
                                    'computed_fields': [],
                                },
                                'custom_init': False,
                                'root_model': False,
                                'config': {
                                    'strict': True,
                                    'extra_fields_behavior': 'forbid',
                                    'title': 'Share',
                                },
                                'ref': 'Share',
                            },
                        },
                        'default_factory': list,
                        'default_factory_takes_data': False,
                    },
                },
                'exclusive': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'default',
                        'schema': {
                            'type': 'list',
                            'items_schema': {
                                'type': 'model',
                                'cls': records.record_class('ExclusiveGroup', records.ExclusiveGroupMethods),
                                'schema': {
                                    'type': 'model-fields',
                                    'fields': {
                                        'services': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'list',
                                                'items_schema': {
                                                    'type': 'str',
                                                    'max_length': 63,
                                                    'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                },
                                                'min_length': 2,
                                            },
                                        },
                                        'tiers': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'list',
                                                        'items_schema': {
                                                            'type': 'str',
                                                            'max_length': 63,
                                                            'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                        },
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'ports': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'list',
                                                        'items_schema': {
                                                            'type': 'int',
                                                        },
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'reason': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'str',
                                                'min_length': 3,
                                                'strip_whitespace': True,
                                            },
                                        },
                                        'reuse': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'bool',
                                                },
                                                'default': True,
                                            },
                                        },
                                    },
                                    'model_name': 'ExclusiveGroup',
                                    'computed_fields': [],
                                },
                                'custom_init': False,
                                'root_model': False,
                                'config': {
                                    'strict': True,
                                    'extra_fields_behavior': 'forbid',
                                    'title': 'ExclusiveGroup',
                                },
                                'ref': 'ExclusiveGroup',
                            },
                        },
                        'default_factory': list,
                        'default_factory_takes_data': False,
                    },
                },
                'known_conflicts': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'default',
                        'schema': {
                            'type': 'list',
                            'items_schema': {
                                'type': 'function-before',
                                'function': {
                                    'type': 'no-info',
                                    'function': records.cluster_is_scope,
                                },
                                'schema': {
                                    'type': 'definition-ref',
                                    'schema_ref': 'KnownConflict',
                                },
                            },
                        },
                        'default_factory': list,
                        'default_factory_takes_data': False,
                    },
                },
                'exceptions': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'default',
                        'schema': {
                            'type': 'list',
                            'items_schema': {
                                'type': 'model',
                                'cls': records.record_class('RuleException', records.RuleExceptionMethods),
                                'schema': {
                                    'type': 'model-fields',
                                    'fields': {
                                        'rule': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'str',
                                                'min_length': 1,
                                                'strip_whitespace': True,
                                            },
                                        },
                                        'service': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'max_length': 63,
                                                        'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'cluster': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'max_length': 63,
                                                        'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'tier': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'max_length': 63,
                                                        'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'component': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'max_length': 63,
                                                        'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'reason': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'str',
                                                'min_length': 3,
                                                'strip_whitespace': True,
                                            },
                                        },
                                    },
                                    'model_name': 'RuleException',
                                    'computed_fields': [],
                                },
                                'custom_init': False,
                                'root_model': False,
                                'config': {
                                    'strict': True,
                                    'extra_fields_behavior': 'forbid',
                                    'title': 'RuleException',
                                },
                                'ref': 'RuleException',
                            },
                        },
                        'default_factory': list,
                        'default_factory_takes_data': False,
                    },
                },
                'changelog': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'default',
                        'schema': {
                            'type': 'list',
                            'items_schema': {
                                'type': 'model',
                                'cls': records.record_class('ChangelogEntry'),
                                'schema': {
                                    'type': 'model-fields',
                                    'fields': {
                                        'version': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'str',
                                                'pattern': '^[0-9]+(\\.[0-9]+)*$',
                                            },
                                        },
                                        'date': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'function-before',
                                                'function': {
                                                    'type': 'no-info',
                                                    'function': records.parse_date,
                                                },
                                                'schema': {
                                                    'type': 'date',
                                                },
                                            },
                                        },
                                        'summary': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'str',
                                                'min_length': 1,
                                                'strip_whitespace': True,
                                            },
                                        },
                                        'author': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'min_length': 1,
                                                        'strip_whitespace': True,
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'changes': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'list',
                                                    'items_schema': {
                                                        'type': 'str',
                                                        'min_length': 1,
                                                        'strip_whitespace': True,
                                                    },
                                                },
                                                'default_factory': list,
                                                'default_factory_takes_data': False,
                                            },
                                        },
                                    },
                                    'model_name': 'ChangelogEntry',
                                    'computed_fields': [],
                                },
                                'custom_init': False,
                                'root_model': False,
                                'config': {
                                    'strict': True,
                                    'extra_fields_behavior': 'forbid',
                                    'title': 'ChangelogEntry',
                                },
                                'ref': 'ChangelogEntry',
                            },
                        },
                        'default_factory': list,
                        'default_factory_takes_data': False,
                    },
                },
                'docs': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'default',
                        'schema': {
                            'type': 'list',
                            'items_schema': {
                                'type': 'model',
                                'cls': records.record_class('DocTarget'),
                                'schema': {
                                    'type': 'model-fields',
                                    'fields': {
                                        'path': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'str',
                                                'min_length': 1,
                                                'strip_whitespace': True,
                                            },
                                        },
                                        'sections': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'list',
                                                        'items_schema': {
                                                            'type': 'str',
                                                            'max_length': 63,
                                                            'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                        },
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                    },
                                    'model_name': 'DocTarget',
                                    'computed_fields': [],
                                },
                                'custom_init': False,
                                'root_model': False,
                                'config': {
                                    'strict': True,
                                    'extra_fields_behavior': 'forbid',
                                    'title': 'DocTarget',
                                },
                                'ref': 'DocTarget',
                            },
                        },
                        'default_factory': list,
                        'default_factory_takes_data': False,
                    },
                },
                'exports': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'default',
                        'schema': {
                            'type': 'list',
                            'items_schema': {
                                'type': 'model',
                                'cls': records.record_class('ExportTarget'),
                                'schema': {
                                    'type': 'model-fields',
                                    'fields': {
                                        'path': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'str',
                                                'min_length': 1,
                                                'strip_whitespace': True,
                                            },
                                        },
                                        'format': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'literal',
                                                'expected': [
                                                    'go',
                                                    'python',
                                                    'env',
                                                    'json',
                                                ],
                                            },
                                        },
                                        'service': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'max_length': 63,
                                                        'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'tier': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'max_length': 63,
                                                        'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                        'package': {
                                            'type': 'model-field',
                                            'schema': {
                                                'type': 'default',
                                                'schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'str',
                                                        'min_length': 1,
                                                        'strip_whitespace': True,
                                                    },
                                                },
                                                'default': None,
                                            },
                                        },
                                    },
                                    'model_name': 'ExportTarget',
                                    'computed_fields': [],
                                },
                                'custom_init': False,
                                'root_model': False,
                                'config': {
                                    'strict': True,
                                    'extra_fields_behavior': 'forbid',
                                    'title': 'ExportTarget',
                                },
                                'ref': 'ExportTarget',
                            },
                        },
                        'default_factory': list,
                        'default_factory_takes_data': False,
                    },
                },
                'scan': {
                    'type': 'model-field',
                    'schema': {
                        'type': 'default',
                        'schema': {
                            'type': 'model',
                            'cls': records.record_class('ScanSettings'),
                            'schema': {
                                'type': 'model-fields',
                                'fields': {
                                    'exclude': {
                                        'type': 'model-field',
                                        'schema': {
                                            'type': 'default',
                                            'schema': {
                                                'type': 'list',
                                                'items_schema': {
                                                    'type': 'str',
                                                    'min_length': 1,
                                                    'strip_whitespace': True,
                                                },
                                            },
                                            'default_factory': list,
                                            'default_factory_takes_data': False,
                                        },
                                    },
                                },
                                'model_name': 'ScanSettings',
                                'computed_fields': [],
                            },
                            'custom_init': False,
                            'root_model': False,
                            'config': {
                                'strict': True,
                                'extra_fields_behavior': 'forbid',
                                'title': 'ScanSettings',
                            },
                            'ref': 'ScanSettings',
                        },
                        'default': {},
                        'validate_default': True,
                    },
                },
            },
            'model_name': 'Registry',
            'computed_fields': [],
        },
        'custom_init': False,
        'root_model': False,
        'config': {
            'strict': True,
            'extra_fields_behavior': 'forbid',
            'title': 'Registry',
        },
        'ref': 'Registry',
    },
    'definitions': [
        {
            'type': 'model',
            'cls': records.record_class('PortRange', records.PortRangeMethods),
            'schema': {
                'type': 'model-fields',
                'fields': {
                    'start': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'int',
                        },
                    },
                    'end': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'int',
                        },
                    },
                },
                'model_name': 'PortRange',
                'computed_fields': [],
            },
            'custom_init': False,
            'root_model': False,
            'config': {
                'strict': True,
                'extra_fields_behavior': 'forbid',
                'title': 'PortRange',
            },
            'ref': 'PortRange',
        },
        {
            'type': 'model',
            'cls': records.record_class('Allocation'),
            'schema': {
                'type': 'model-fields',
                'fields': {
                    'port': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'function-before',
                                'function': {
                                    'type': 'no-info',
                                    'function': records.no_null,
                                },
                                'schema': {
                                    'type': 'nullable',
                                    'schema': {
                                        'type': 'int',
                                    },
                                },
                            },
                            'default': None,
                        },
                    },
                    'protocol': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'literal',
                                'expected': [
                                    'tcp',
                                    'udp',
                                ],
                            },
                            'default': 'tcp',
                        },
                    },
                    'scope': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'str',
                                'max_length': 63,
                                'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                            },
                            'default': 'host',
                        },
                    },
                    'node_port': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'function-before',
                                'function': {
                                    'type': 'no-info',
                                    'function': records.no_null,
                                },
                                'schema': {
                                    'type': 'nullable',
                                    'schema': {
                                        'type': 'int',
                                    },
                                },
                            },
                            'default': None,
                        },
                    },
                    'cluster': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'nullable',
                                'schema': {
                                    'type': 'str',
                                    'max_length': 63,
                                    'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                },
                            },
                            'default': None,
                        },
                    },
                    'container_port': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'function-before',
                                'function': {
                                    'type': 'no-info',
                                    'function': records.no_null,
                                },
                                'schema': {
                                    'type': 'nullable',
                                    'schema': {
                                        'type': 'int',
                                    },
                                },
                            },
                            'default': None,
                        },
                    },
                    'dynamic': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'bool',
                            },
                            'default': False,
                        },
                    },
                    'name': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'nullable',
                                'schema': {
                                    'type': 'str',
                                    'max_length': 63,
                                    'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                },
                            },
                            'default': None,
                        },
                    },
                    'note': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'nullable',
                                'schema': {
                                    'type': 'str',
                                    'min_length': 1,
                                    'strip_whitespace': True,
                                },
                            },
                            'default': None,
                        },
                    },
                },
                'model_name': 'Allocation',
                'computed_fields': [],
            },
            'custom_init': False,
            'root_model': False,
            'config': {
                'strict': True,
                'extra_fields_behavior': 'forbid',
                'title': 'Allocation',
            },
            'ref': 'Allocation',
        },
        {
            'type': 'model',
            'cls': records.record_class('BlockSize'),
            'schema': {
                'type': 'model-fields',
                'fields': {
                    'start': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'int',
                        },
                    },
                    'size': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'int',
                            'ge': 1,
                        },
                    },
                },
                'model_name': 'BlockSize',
                'computed_fields': [],
            },
            'custom_init': False,
            'root_model': False,
            'config': {
                'strict': True,
                'extra_fields_behavior': 'forbid',
                'title': 'BlockSize',
            },
            'ref': 'BlockSize',
        },
        {
            'type': 'model',
            'cls': records.record_class('KnownConflict'),
            'schema': {
                'type': 'model-fields',
                'fields': {
                    'port': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'int',
                        },
                    },
                    'protocol': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'literal',
                                'expected': [
                                    'tcp',
                                    'udp',
                                ],
                            },
                            'default': 'tcp',
                        },
                    },
                    'scope': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'str',
                                'max_length': 63,
                                'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                            },
                            'default': 'host',
                        },
                    },
                    'cluster': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'nullable',
                                'schema': {
                                    'type': 'str',
                                    'max_length': 63,
                                    'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                                },
                            },
                            'default': None,
                        },
                    },
                    'services': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'list',
                            'items_schema': {
                                'type': 'str',
                                'max_length': 63,
                                'pattern': '^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$',
                            },
                            'min_length': 1,
                        },
                    },
                    'reason': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'str',
                            'min_length': 3,
                            'strip_whitespace': True,
                        },
                    },
                    'tracked': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'nullable',
                                'schema': {
                                    'type': 'str',
                                    'min_length': 1,
                                    'strip_whitespace': True,
                                },
                            },
                            'default': None,
                        },
                    },
                },
                'model_name': 'KnownConflict',
                'computed_fields': [],
            },
            'custom_init': False,
            'root_model': False,
            'config': {
                'strict': True,
                'extra_fields_behavior': 'forbid',
                'title': 'KnownConflict',
            },
            'ref': 'KnownConflict',
        },
    ],
}
