/**
 * The metadata definition namespaces stackbox loads at first start, as `glance-manage
 * db_load_metadefs` loads Glance's etc/metadefs/*.json files: names, resource type associations
 * and properties as Glance ships them (a few of the files; the rest are not loaded). Glance's
 * loader gives each the owner "admin" and the visibility its file names (none: null).
 */
export interface SeedMetadefProperty {
  title: string;
  type: string;
  description?: string;
  enum?: string[];
  pattern?: string;
}
export interface SeedMetadefNamespace {
  namespace: string;
  display_name: string;
  description: string;
  visibility: 'public' | 'private' | null;
  protected: boolean;
  resource_type_associations: Array<{ name: string; prefix?: string; properties_target?: string }>;
  properties: Record<string, SeedMetadefProperty>;
}

export const METADEF_SEED_OWNER = 'admin';

const UUID_PATTERN = '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$';

export const SEED_METADEF_NAMESPACES: SeedMetadefNamespace[] = [
  {
    namespace: 'OS::Compute::Hypervisor',
    display_name: 'Hypervisor Selection',
    description:
      "OpenStack Compute supports many hypervisors, although most installations use only one hypervisor. For installations with multiple supported hypervisors, you can schedule different hypervisors using the ImagePropertiesFilter. This filters compute nodes that satisfy any architecture, hypervisor type, or virtual machine mode properties specified on the instance's image properties.",
    visibility: 'public',
    protected: true,
    resource_type_associations: [{ name: 'OS::Glance::Image' }],
    properties: {
      hypervisor_type: {
        title: 'Hypervisor Type',
        description:
          'Hypervisor type required by the image. Used with the ImagePropertiesFilter. \n\n KVM - Kernel-based Virtual Machine. LXC - Linux Containers (through libvirt). QEMU - Quick EMUlator. UML - User Mode Linux. hyperv - Microsoft® hyperv. vmware - VMware® vsphere. Baremetal - physical provisioning. For more information, see: http://docs.openstack.org/trunk/config-reference/content/section_compute-hypervisors.html',
        type: 'string',
        enum: ['baremetal', 'hyperv', 'kvm', 'lxc', 'qemu', 'uml', 'vmware', 'xen'],
      },
      vm_mode: {
        title: 'VM Mode',
        description:
          'The virtual machine mode. This represents the host/guest ABI (application binary interface) used for the virtual machine. Used with the ImagePropertiesFilter. \n\n hvm — Fully virtualized - This is the virtual machine mode (vm_mode) used by QEMU and KVM. \n\n xen - Xen 3.0 paravirtualized. \n\n uml — User Mode Linux paravirtualized. \n\n exe — Executables in containers. This is the mode used by LXC.',
        type: 'string',
        enum: ['hvm', 'xen', 'uml', 'exe'],
      },
    },
  },
  {
    namespace: 'OS::Compute::Watchdog',
    display_name: 'Watchdog Behavior',
    description:
      'Compute drivers may enable watchdog behavior over instances.  See: http://docs.openstack.org/admin-guide/compute-flavors.html',
    visibility: 'public',
    protected: true,
    resource_type_associations: [
      { name: 'OS::Glance::Image' },
      { name: 'OS::Cinder::Volume', properties_target: 'image' },
      { name: 'OS::Nova::Flavor' },
    ],
    properties: {
      hw_watchdog_action: {
        title: 'Watchdog Action',
        description:
          "For the libvirt driver, you can enable and set the behavior of a virtual hardware watchdog device for each flavor. Watchdog devices keep an eye on the guest server, and carry out the configured action, if the server hangs. The watchdog uses the i6300esb device (emulating a PCI Intel 6300ESB). If hw_watchdog_action is not specified, the watchdog is disabled. Watchdog behavior set using a specific image's properties will override behavior set using flavors.",
        type: 'string',
        enum: ['disabled', 'reset', 'poweroff', 'pause', 'none'],
      },
    },
  },
  {
    // the single colon before CommonImageProperties is Glance's own spelling
    namespace: 'OS::Glance:CommonImageProperties',
    display_name: 'Common Image Properties',
    description:
      'When adding an image to Glance, you may specify some common image properties that may prove useful to consumers of your image.',
    visibility: null,
    protected: true,
    resource_type_associations: [],
    properties: {
      kernel_id: {
        title: 'Kernel ID',
        type: 'string',
        pattern: UUID_PATTERN,
        description: 'ID of image stored in Glance that should be used as the kernel when booting an AMI-style image.',
      },
      ramdisk_id: {
        title: 'Ramdisk ID',
        type: 'string',
        pattern: UUID_PATTERN,
        description: 'ID of image stored in Glance that should be used as the ramdisk when booting an AMI-style image.',
      },
      instance_uuid: {
        title: 'Instance ID',
        type: 'string',
        description: 'ID of instance used to create this image.',
      },
      architecture: {
        title: 'CPU Architecture',
        description:
          'The CPU architecture that must be supported by the hypervisor. For example, x86_64, arm, or ppc64. Run uname -m to get the architecture of a machine. We strongly recommend using the architecture data vocabulary defined by the libosinfo project for this purpose.',
        type: 'string',
      },
      os_distro: {
        title: 'OS Distro',
        description:
          'The common name of the operating system distribution in lowercase (uses the same data vocabulary as the libosinfo project). Specify only a recognized value for this field. Deprecated values are listed to assist you in searching for the recognized value.',
        type: 'string',
      },
      os_version: {
        title: 'OS Version',
        description: "Operating system version as specified by the distributor. (for example, '11.10')",
        type: 'string',
      },
    },
  },
];
